#include "convert.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <string_view>
#include <utility>

namespace ipmiprov::cmpi {
namespace {

constexpr std::array<std::pair<ipmiprov_type, CMPIType>, 14> kTypes = {{
    {IPMIPROV_TYPE_BOOLEAN, CMPI_boolean},
    {IPMIPROV_TYPE_UINT8, CMPI_uint8},
    {IPMIPROV_TYPE_UINT16, CMPI_uint16},
    {IPMIPROV_TYPE_UINT32, CMPI_uint32},
    {IPMIPROV_TYPE_UINT64, CMPI_uint64},
    {IPMIPROV_TYPE_SINT8, CMPI_sint8},
    {IPMIPROV_TYPE_SINT16, CMPI_sint16},
    {IPMIPROV_TYPE_SINT32, CMPI_sint32},
    {IPMIPROV_TYPE_SINT64, CMPI_sint64},
    {IPMIPROV_TYPE_REAL32, CMPI_real32},
    {IPMIPROV_TYPE_REAL64, CMPI_real64},
    {IPMIPROV_TYPE_STRING, CMPI_string},
    {IPMIPROV_TYPE_DATETIME, CMPI_dateTime},
    {IPMIPROV_TYPE_REFERENCE, CMPI_ref},
}};

CMPIType cmpi_type(ipmiprov_type type) {
    for (const auto& [ours, theirs] : kTypes)
        if (ours == type) return theirs;
    throw Failure(CMPI_RC_ERR_FAILED, "ipmiprov: the ABI returned an unknown type " + std::to_string(type));
}

ipmiprov_type abi_type(CMPIType type) {
    if (type == CMPI_chars) return IPMIPROV_TYPE_STRING;
    for (const auto& [ours, theirs] : kTypes)
        if (theirs == type) return ours;
    throw Failure(CMPI_RC_ERR_TYPE_MISMATCH, "ipmiprov: CMPI type " + std::to_string(type) + " is not supported");
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// The broker returned nothing: name what it would not make.
template <class T>
T* made(T* object, const CMPIStatus& status, const char* what) {
    if (object == nullptr || status.rc != CMPI_RC_OK)
        throw Failure(CMPI_RC_ERR_FAILED, std::string("ipmiprov: the CIM server could not create ") + what);
    return object;
}

void checked(const CMPIStatus& status, const std::string& what) {
    if (status.rc != CMPI_RC_OK)
        throw Failure(status.rc,
                      "ipmiprov: the CIM server refused " + what + " (rc " + std::to_string(status.rc) + ")");
}

std::string element_text(ipmiprov_type type, const ipmiprov_element& e);

std::string reference_text(const std::string& class_name, std::vector<std::pair<std::string, std::string>> keys) {
    std::sort(keys.begin(), keys.end());
    std::string out = lower(class_name);
    char separator = '.';
    for (const auto& [name, value] : keys) {
        out += separator;
        out += name;
        out += "=\"";
        out += value;
        out += '"';
        separator = ',';
    }
    return out;
}

std::string element_text(ipmiprov_type type, const ipmiprov_element& e) {
    switch (type) {
        case IPMIPROV_TYPE_BOOLEAN:
            return e.boolean != 0 ? "true" : "false";
        case IPMIPROV_TYPE_UINT8:
        case IPMIPROV_TYPE_UINT16:
        case IPMIPROV_TYPE_UINT32:
        case IPMIPROV_TYPE_UINT64:
            return std::to_string(e.unsigned_value);
        case IPMIPROV_TYPE_SINT8:
        case IPMIPROV_TYPE_SINT16:
        case IPMIPROV_TYPE_SINT32:
        case IPMIPROV_TYPE_SINT64:
            return std::to_string(e.signed_value);
        case IPMIPROV_TYPE_REAL32:
        case IPMIPROV_TYPE_REAL64:
            return std::to_string(e.real_value);
        case IPMIPROV_TYPE_REFERENCE:
            return comparable_text(e.reference);
        default:
            return e.text != nullptr ? e.text : "";
    }
}

std::string cmpi_path_text(const CMPIObjectPath* path) {
    auto keys = key_texts(path);
    for (auto& key : keys) key.first = lower(key.first);
    return reference_text(class_of(path), std::move(keys));
}

std::string scalar_text(CMPIType type, const CMPIValue& v) {
    switch (type) {
        case CMPI_boolean:
            return v.boolean != 0 ? "true" : "false";
        case CMPI_uint8:
            return std::to_string(v.uint8);
        case CMPI_uint16:
            return std::to_string(v.uint16);
        case CMPI_uint32:
            return std::to_string(v.uint32);
        case CMPI_uint64:
            return std::to_string(v.uint64);
        case CMPI_sint8:
            return std::to_string(v.sint8);
        case CMPI_sint16:
            return std::to_string(v.sint16);
        case CMPI_sint32:
            return std::to_string(v.sint32);
        case CMPI_sint64:
            return std::to_string(v.sint64);
        case CMPI_real32:
            return std::to_string(v.real32);
        case CMPI_real64:
            return std::to_string(v.real64);
        case CMPI_string:
            return text_of(v.string);
        case CMPI_chars:
            return v.chars != nullptr ? v.chars : "";
        case CMPI_dateTime:
            return v.dateTime != nullptr ? text_of(v.dateTime->ft->getStringFormat(v.dateTime, nullptr)) : "";
        case CMPI_ref:
            return v.ref != nullptr ? cmpi_path_text(v.ref) : "";
        default:
            return "?";
    }
}

}  // namespace

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

std::string text_of(const CMPIString* string) {
    const char* text = string != nullptr ? string->ft->getCharPtr(string, nullptr) : nullptr;
    return text != nullptr ? text : "";
}

std::vector<std::pair<std::string, std::string>> key_texts(const CMPIObjectPath* path) {
    std::vector<std::pair<std::string, std::string>> keys;
    const CMPICount count = path->ft->getKeyCount(path, nullptr);
    for (CMPICount i = 0; i < count; ++i) {
        CMPIString* name = nullptr;
        const CMPIData data = path->ft->getKeyAt(path, i, &name, nullptr);
        keys.emplace_back(text_of(name), comparable_text(data));
    }
    return keys;
}

std::string comparable_text(const ipmiprov_path* path) {
    std::vector<std::pair<std::string, std::string>> keys;
    for (std::size_t i = 0; i < ipmiprov_path_key_count(path); ++i) {
        ipmiprov_property key{};
        key.struct_size = sizeof key;
        if (ipmiprov_path_key(path, i, &key) == IPMIPROV_OK) keys.emplace_back(lower(key.name), comparable_text(key));
    }
    return reference_text(ipmiprov_path_class(path), std::move(keys));
}

PropertyFilter::PropertyFilter(const char** properties) : all_(properties == nullptr) {
    for (; properties != nullptr && *properties != nullptr; ++properties) names_.push_back(lower(*properties));
}

bool PropertyFilter::keeps(const char* name, bool is_key) const {
    return all_ || is_key || std::find(names_.begin(), names_.end(), lower(name)) != names_.end();
}

CMPIString* ToCmpi::string(const char* text) const {
    CMPIStatus status{};
    return made(broker_->eft->newString(broker_, text != nullptr ? text : "", &status), status, "a string");
}

ToCmpi::Converted ToCmpi::element(ipmiprov_type type, const ipmiprov_element& e) const {
    Converted out;
    out.type = cmpi_type(type);
    CMPIStatus status{};
    switch (type) {
        case IPMIPROV_TYPE_BOOLEAN:
            out.value.boolean = e.boolean != 0 ? 1 : 0;
            break;
        case IPMIPROV_TYPE_UINT8:
            out.value.uint8 = static_cast<CMPIUint8>(e.unsigned_value);
            break;
        case IPMIPROV_TYPE_UINT16:
            out.value.uint16 = static_cast<CMPIUint16>(e.unsigned_value);
            break;
        case IPMIPROV_TYPE_UINT32:
            out.value.uint32 = static_cast<CMPIUint32>(e.unsigned_value);
            break;
        case IPMIPROV_TYPE_UINT64:
            out.value.uint64 = e.unsigned_value;
            break;
        case IPMIPROV_TYPE_SINT8:
            out.value.sint8 = static_cast<CMPISint8>(e.signed_value);
            break;
        case IPMIPROV_TYPE_SINT16:
            out.value.sint16 = static_cast<CMPISint16>(e.signed_value);
            break;
        case IPMIPROV_TYPE_SINT32:
            out.value.sint32 = static_cast<CMPISint32>(e.signed_value);
            break;
        case IPMIPROV_TYPE_SINT64:
            out.value.sint64 = e.signed_value;
            break;
        case IPMIPROV_TYPE_REAL32:
            out.value.real32 = static_cast<CMPIReal32>(e.real_value);
            break;
        case IPMIPROV_TYPE_REAL64:
            out.value.real64 = e.real_value;
            break;
        case IPMIPROV_TYPE_STRING:
            out.value.string = string(e.text);
            break;
        case IPMIPROV_TYPE_DATETIME:
            out.value.dateTime =
                made(broker_->eft->newDateTimeFromChars(broker_, e.text, &status), status, "a datetime");
            break;
        case IPMIPROV_TYPE_REFERENCE:
            out.value.ref = path(e.reference, "");
            break;
    }
    return out;
}

ToCmpi::Converted ToCmpi::value(const ipmiprov_property& p) const {
    if (p.is_array == 0) return element(p.type, p.elements[0]);
    CMPIStatus status{};
    const CMPIType type = cmpi_type(p.type);
    CMPIArray* array = made(broker_->eft->newArray(broker_, p.count, type, &status), status, "an array");
    for (std::uint32_t i = 0; i < p.count; ++i) {
        auto item = element(p.type, p.elements[i]);
        checked(array->ft->setElementAt(array, i, &item.value, type), std::string("an element of ") + p.name);
    }
    Converted out;
    out.type = static_cast<CMPIType>(type | CMPI_ARRAY);
    out.value.array = array;
    return out;
}

CMPIObjectPath* ToCmpi::path(const ipmiprov_path* abi_path, const std::string& name_space) const {
    const std::string ns = name_space.empty() ? ipmiprov_path_namespace(abi_path) : name_space;
    CMPIStatus status{};
    CMPIObjectPath* out = made(broker_->eft->newObjectPath(broker_, ns.c_str(), ipmiprov_path_class(abi_path), &status),
                               status, "an object path");
    for (std::size_t i = 0; i < ipmiprov_path_key_count(abi_path); ++i) {
        ipmiprov_property key{};
        key.struct_size = sizeof key;
        check(ipmiprov_path_key(abi_path, i, &key), new_error());
        auto converted = value(key);
        checked(out->ft->addKey(out, key.name, &converted.value, converted.type), std::string("the key ") + key.name);
    }
    return out;
}

void ToCmpi::add_args(CMPIArgs* args, const ipmiprov_instance* values) const {
    for (std::size_t i = 0; i < ipmiprov_instance_property_count(values); ++i) {
        ipmiprov_property p{};
        p.struct_size = sizeof p;
        check(ipmiprov_instance_property(values, i, &p), new_error());
        auto converted = value(p);
        checked(args->ft->addArg(args, p.name, &converted.value, converted.type),
                std::string("the argument ") + p.name);
    }
}

CMPIInstance* ToCmpi::instance(const ipmiprov_instance* abi_instance, const std::string& name_space,
                               const PropertyFilter& filter) const {
    CMPIObjectPath* op = path(ipmiprov_instance_path(abi_instance), name_space);
    CMPIStatus status{};
    CMPIInstance* out = made(broker_->eft->newInstance(broker_, op, &status), status, "an instance");
    for (std::size_t i = 0; i < ipmiprov_instance_property_count(abi_instance); ++i) {
        ipmiprov_property p{};
        p.struct_size = sizeof p;
        check(ipmiprov_instance_property(abi_instance, i, &p), new_error());
        if (!filter.keeps(p.name, p.is_key != 0)) continue;
        auto converted = value(p);
        checked(out->ft->setProperty(out, p.name, &converted.value, converted.type),
                std::string("the property ") + p.name);
    }
    return out;
}

std::string comparable_text(const ipmiprov_property& p) {
    if (p.is_array == 0) return element_text(p.type, p.elements[0]);
    std::string out = "{";
    // Appended piece by piece: "," + std::string is a GCC 12 -Wrestrict false positive at -O3.
    for (std::uint32_t i = 0; i < p.count; ++i) {
        if (i != 0) out.push_back(',');
        out.append(element_text(p.type, p.elements[i]));
    }
    out.push_back('}');
    return out;
}

std::string comparable_text(const CMPIData& data) {
    if ((data.state & CMPI_nullValue) != 0) return "NULL";
    if ((data.type & CMPI_ARRAY) == 0) return scalar_text(data.type, data.value);
    const CMPIArray* array = data.value.array;
    if (array == nullptr) return "NULL";
    const auto element_type = static_cast<CMPIType>(data.type & ~CMPI_ARRAY);
    std::string out = "{";
    const CMPICount size = array->ft->getSize(array, nullptr);
    for (CMPICount i = 0; i < size; ++i) {
        const CMPIData item = array->ft->getElementAt(array, i, nullptr);
        if (i != 0) out.push_back(',');
        out.append(scalar_text(element_type, item.value));
    }
    out.push_back('}');
    return out;
}

Path AbiProperty::abi_path(const CMPIObjectPath* path) {
    if (path == nullptr) throw Failure(CMPI_RC_ERR_INVALID_PARAMETER, "ipmiprov: a reference without a path");
    Path out(ipmiprov_path_new(namespace_of(path).c_str(), class_of(path).c_str()));
    const CMPICount count = path->ft->getKeyCount(path, nullptr);
    for (CMPICount i = 0; i < count; ++i) {
        CMPIString* name = nullptr;
        const CMPIData data = path->ft->getKeyAt(path, i, &name, nullptr);
        AbiProperty key(text_of(name).c_str(), data);  // keys of our classes are never references
        auto view = key.view();
        auto error = new_error();
        check(ipmiprov_path_add_key(out.get(), &view, &error), error);
    }
    return out;
}

AbiProperty::AbiProperty(const char* name, const CMPIData& data, bool references) : name_(name) {
    if ((data.state & CMPI_nullValue) != 0)
        throw Failure(CMPI_RC_ERR_INVALID_PARAMETER, "ipmiprov: " + name_ + " cannot be set to NULL");
    const bool is_array = (data.type & CMPI_ARRAY) != 0;
    const auto type = static_cast<CMPIType>(data.type & ~CMPI_ARRAY);
    if (type == CMPI_ref && !references)
        throw Failure(CMPI_RC_ERR_NOT_SUPPORTED, "ipmiprov: the reference " + name_ + " cannot be changed");
    std::vector<CMPIValue> values;
    if (!is_array) {
        values.push_back(data.value);
    } else if (data.value.array != nullptr) {
        const CMPIArray* array = data.value.array;
        for (CMPICount i = 0; i < array->ft->getSize(array, nullptr); ++i)
            values.push_back(array->ft->getElementAt(array, i, nullptr).value);
    }
    type_ = abi_type(type);
    is_array_ = is_array;
    texts_.reserve(values.size());
    for (const auto& v : values) {
        ipmiprov_element e{};
        switch (type_) {
            case IPMIPROV_TYPE_BOOLEAN:
                e.boolean = v.boolean;
                break;
            case IPMIPROV_TYPE_UINT8:
                e.unsigned_value = v.uint8;
                break;
            case IPMIPROV_TYPE_UINT16:
                e.unsigned_value = v.uint16;
                break;
            case IPMIPROV_TYPE_UINT32:
                e.unsigned_value = v.uint32;
                break;
            case IPMIPROV_TYPE_UINT64:
                e.unsigned_value = v.uint64;
                break;
            case IPMIPROV_TYPE_SINT8:
                e.signed_value = std::int64_t{v.sint8};  // NOLINT(bugprone-signed-char-misuse): CIM sint8 is a number
                break;
            case IPMIPROV_TYPE_SINT16:
                e.signed_value = v.sint16;
                break;
            case IPMIPROV_TYPE_SINT32:
                e.signed_value = v.sint32;
                break;
            case IPMIPROV_TYPE_SINT64:
                e.signed_value = v.sint64;
                break;
            case IPMIPROV_TYPE_REAL32:
                e.real_value = v.real32;
                break;
            case IPMIPROV_TYPE_REAL64:
                e.real_value = v.real64;
                break;
            case IPMIPROV_TYPE_REFERENCE:
                paths_.push_back(abi_path(v.ref));
                e.reference = paths_.back().get();
                break;
            default:
                texts_.push_back(scalar_text(type, v));
                break;
        }
        elements_.push_back(e);
    }
}

ipmiprov_property AbiProperty::view() {
    // The texts may have moved with this object: point the string elements at them now.
    if (type_ == IPMIPROV_TYPE_STRING || type_ == IPMIPROV_TYPE_DATETIME)
        for (std::size_t i = 0; i < elements_.size(); ++i) elements_[i].text = texts_[i].c_str();
    ipmiprov_property property{};
    property.struct_size = sizeof property;
    property.type = type_;
    property.name = name_.c_str();
    property.is_array = is_array_ ? 1 : 0;
    property.count = static_cast<std::uint32_t>(elements_.size());
    property.elements = elements_.data();
    return property;
}

std::string class_of(const CMPIObjectPath* path) {
    return text_of(path->ft->getClassName(path, nullptr));
}

std::string namespace_of(const CMPIObjectPath* path) {
    return text_of(path->ft->getNameSpace(path, nullptr));
}

CMPIrc rc_for(ipmiprov_status status) {
    switch (status) {
        case IPMIPROV_OK:
            return CMPI_RC_OK;
        case IPMIPROV_E_INVALID_ARGUMENT:
            return CMPI_RC_ERR_INVALID_PARAMETER;
        case IPMIPROV_E_NOT_FOUND:
            return CMPI_RC_ERR_NOT_FOUND;
        case IPMIPROV_E_ACCESS_DENIED:
            return CMPI_RC_ERR_ACCESS_DENIED;
        case IPMIPROV_E_UNSUPPORTED:
            return CMPI_RC_ERR_NOT_SUPPORTED;
        default:
            return CMPI_RC_ERR_FAILED;
    }
}

void check(ipmiprov_status status, const ipmiprov_error& error) {
    if (status == IPMIPROV_OK) return;
    const std::string message = error.message[0] != '\0' ? error.message : ipmiprov_status_text(status);
    const bool lost = status == IPMIPROV_E_TRANSPORT || status == IPMIPROV_E_TIMEOUT || status == IPMIPROV_E_PROTOCOL;
    throw Failure(rc_for(status), "ipmiprov: " + message, lost);
}

ipmiprov_error new_error() {
    ipmiprov_error error{};
    error.struct_size = sizeof error;
    return error;
}

}  // namespace ipmiprov::cmpi
