#include "cmpi_test_broker.hpp"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <utility>

namespace ipmiprov::testing {
namespace {

CMPIStatus ok() {
    return CMPIStatus{CMPI_RC_OK, nullptr};
}
CMPIStatus fail(CMPIrc rc) {
    return CMPIStatus{rc, nullptr};
}
void set(CMPIStatus* rc, CMPIrc value) {
    if (rc != nullptr) *rc = CMPIStatus{value, nullptr};
}
bool same_name(const std::string& a, const char* b) {
    return b != nullptr && a.size() == std::strlen(b) &&
           std::equal(a.begin(), a.end(), b,
                      [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

struct Object {
    virtual ~Object() = default;
};

struct StringObject : Object {
    CMPIString c{};
    std::string value;
};
struct DateTimeObject : Object {
    CMPIDateTime c{};
    std::string value;
};
struct ArrayObject : Object {
    CMPIArray c{};
    CMPIType type = CMPI_null;
    std::vector<CMPIData> items;
};
using Named = std::vector<std::pair<std::string, CMPIData>>;
struct PathObject : Object {
    CMPIObjectPath c{};
    std::string name_space, class_name, host;
    Named keys;
};
struct InstanceObject : Object {
    CMPIInstance c{};
    PathObject* path = nullptr;
    Named properties;
};

}  // namespace

struct TestBroker::Arena {
    std::mutex mutex;  // a provider's own thread makes objects too (indications)
    std::vector<std::unique_ptr<Object>> objects;
    template <class T>
    T* make() {
        auto owned = std::make_unique<T>();
        T* raw = owned.get();
        raw->c.hdl = raw;
        const std::lock_guard lock(mutex);
        objects.push_back(std::move(owned));
        return raw;
    }
    // What the provider delivered, as JSON, and its threads' attachments.
    std::condition_variable delivered_changed;
    std::vector<TestBroker::Delivered> delivered;
    int attached = 0;
    int detached = 0;
};

namespace {

TestBroker::Arena& arena_of(const CMPIBroker* mb) {
    return *static_cast<TestBroker::Arena*>(mb->hdl);
}

// CMPI hands an object's functions no broker, and the tables are static:
// objects are made in the arena of the broker used last (a test uses one
// broker at a time).
TestBroker::Arena* current_arena = nullptr;

CMPIString* make_string(const std::string& text);
CMPIObjectPath* clone_path(const PathObject& from);

// ---- strings
CMPIStatus no_release_string(CMPIString*) {
    return ok();
}
CMPIString* string_clone(const CMPIString* s, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return make_string(static_cast<StringObject*>(s->hdl)->value);
}
const char* string_chars(const CMPIString* s, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return static_cast<StringObject*>(s->hdl)->value.c_str();
}
CMPIStringFT string_ft = {CMPICurrentVersion, no_release_string, string_clone, string_chars};

CMPIString* make_string(const std::string& text) {
    auto* s = current_arena->make<StringObject>();
    s->value = text;
    s->c.ft = &string_ft;
    return &s->c;
}

// A value as the broker keeps it: chars become a broker string (CMPI passes
// a char* itself as the value for CMPI_chars).
CMPIData keep(const CMPIValue* value, CMPIType type) {
    CMPIData d{};
    d.type = type;
    d.state = CMPI_goodValue;
    if (type == CMPI_chars) {
        d.type = CMPI_string;
        d.value.string = make_string(reinterpret_cast<const char*>(value));
    } else if (value == nullptr || type == CMPI_null) {
        d.state = CMPI_nullValue;
    } else {
        d.value = *value;
    }
    return d;
}

CMPIData not_found() {
    CMPIData d{};
    d.state = CMPI_notFound;
    return d;
}

CMPIData named_get(const Named& list, const char* name, CMPIStatus* rc) {
    for (const auto& [n, d] : list)
        if (same_name(n, name)) {
            set(rc, CMPI_RC_OK);
            return d;
        }
    set(rc, CMPI_RC_ERR_NO_SUCH_PROPERTY);
    return not_found();
}
CMPIData named_at(const Named& list, CMPICount index, CMPIString** name, CMPIStatus* rc) {
    if (index >= list.size()) {
        set(rc, CMPI_RC_ERR_NO_SUCH_PROPERTY);
        return not_found();
    }
    if (name != nullptr) *name = make_string(list[index].first);
    set(rc, CMPI_RC_OK);
    return list[index].second;
}
void named_set(Named& list, const char* name, CMPIData data) {
    for (auto& [n, d] : list)
        if (same_name(n, name)) {
            d = data;
            return;
        }
    list.emplace_back(name, data);
}

// ---- datetimes
CMPIStatus no_release_datetime(CMPIDateTime*) {
    return ok();
}
CMPIDateTime* datetime_clone(const CMPIDateTime* dt, CMPIStatus* rc);
CMPIUint64 datetime_binary(const CMPIDateTime*, CMPIStatus* rc) {
    set(rc, CMPI_RC_ERR_NOT_SUPPORTED);
    return 0;
}
CMPIString* datetime_text(const CMPIDateTime* dt, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return make_string(static_cast<DateTimeObject*>(dt->hdl)->value);
}
CMPIBoolean datetime_interval(const CMPIDateTime* dt, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    const auto& v = static_cast<DateTimeObject*>(dt->hdl)->value;
    return v.size() == 25 && v[21] == ':' ? 1 : 0;
}
CMPIDateTimeFT datetime_ft = {CMPICurrentVersion, no_release_datetime, datetime_clone,
                              datetime_binary,    datetime_text,       datetime_interval};
CMPIDateTime* make_datetime(const std::string& text) {
    auto* dt = current_arena->make<DateTimeObject>();
    dt->value = text;
    dt->c.ft = &datetime_ft;
    return &dt->c;
}
CMPIDateTime* datetime_clone(const CMPIDateTime* dt, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return make_datetime(static_cast<DateTimeObject*>(dt->hdl)->value);
}

// ---- arrays
CMPIStatus no_release_array(CMPIArray*) {
    return ok();
}
CMPIArray* array_clone(const CMPIArray*, CMPIStatus* rc) {
    set(rc, CMPI_RC_ERR_NOT_SUPPORTED);
    return nullptr;
}
CMPICount array_size(const CMPIArray* a, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return static_cast<CMPICount>(static_cast<ArrayObject*>(a->hdl)->items.size());
}
CMPIType array_type(const CMPIArray* a, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return static_cast<ArrayObject*>(a->hdl)->type;
}
CMPIData array_at(const CMPIArray* a, CMPICount index, CMPIStatus* rc) {
    const auto& items = static_cast<ArrayObject*>(a->hdl)->items;
    if (index >= items.size()) {
        set(rc, CMPI_RC_ERR_NO_SUCH_PROPERTY);
        return not_found();
    }
    set(rc, CMPI_RC_OK);
    return items[index];
}
// As OpenPegasus does: the element type must be the array's type.
CMPIStatus array_set(CMPIArray* a, CMPICount index, const CMPIValue* value, CMPIType type) {
    auto* array = static_cast<ArrayObject*>(a->hdl);
    if (index >= array->items.size()) return fail(CMPI_RC_ERR_NO_SUCH_PROPERTY);
    if (type != array->type) return fail(CMPI_RC_ERR_TYPE_MISMATCH);
    array->items[index] = keep(value, type);
    return ok();
}
CMPIArrayFT array_ft = {CMPICurrentVersion, no_release_array, array_clone, array_size, array_type, array_at, array_set};

// ---- object paths
CMPIStatus no_release_path(CMPIObjectPath*) {
    return ok();
}
PathObject& path_of(const CMPIObjectPath* op) {
    return *static_cast<PathObject*>(op->hdl);
}
CMPIObjectPath* path_clone(const CMPIObjectPath* op, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return clone_path(path_of(op));
}
CMPIStatus path_set_namespace(CMPIObjectPath* op, const char* ns) {
    path_of(op).name_space = ns != nullptr ? ns : "";
    return ok();
}
CMPIString* path_namespace(const CMPIObjectPath* op, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return make_string(path_of(op).name_space);
}
CMPIStatus path_set_host(CMPIObjectPath* op, const char* host) {
    path_of(op).host = host != nullptr ? host : "";
    return ok();
}
CMPIString* path_host(const CMPIObjectPath* op, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return make_string(path_of(op).host);
}
CMPIStatus path_set_class(CMPIObjectPath* op, const char* cn) {
    path_of(op).class_name = cn != nullptr ? cn : "";
    return ok();
}
CMPIString* path_class(const CMPIObjectPath* op, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return make_string(path_of(op).class_name);
}
CMPIStatus path_add_key(CMPIObjectPath* op, const char* name, const CMPIValue* value, CMPIType type) {
    auto data = keep(value, type);
    data.state = CMPI_keyValue;
    named_set(path_of(op).keys, name, data);
    return ok();
}
CMPIData path_key(const CMPIObjectPath* op, const char* name, CMPIStatus* rc) {
    return named_get(path_of(op).keys, name, rc);
}
CMPIData path_key_at(const CMPIObjectPath* op, CMPICount index, CMPIString** name, CMPIStatus* rc) {
    return named_at(path_of(op).keys, index, name, rc);
}
CMPICount path_key_count(const CMPIObjectPath* op, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return static_cast<CMPICount>(path_of(op).keys.size());
}
CMPIStatus path_copy_namespace(CMPIObjectPath* op, const CMPIObjectPath* src) {
    path_of(op).name_space = path_of(src).name_space;
    return ok();
}
CMPIStatus path_copy_host_namespace(CMPIObjectPath* op, const CMPIObjectPath* src) {
    path_of(op).host = path_of(src).host;
    return path_copy_namespace(op, src);
}
CMPIData no_qualifier(const CMPIObjectPath*, const char*, CMPIStatus* rc) {
    set(rc, CMPI_RC_ERR_NOT_SUPPORTED);
    return not_found();
}
CMPIData no_property_qualifier(const CMPIObjectPath*, const char*, const char*, CMPIStatus* rc) {
    set(rc, CMPI_RC_ERR_NOT_SUPPORTED);
    return not_found();
}
CMPIData no_parameter_qualifier(const CMPIObjectPath*, const char*, const char*, const char*, CMPIStatus* rc) {
    set(rc, CMPI_RC_ERR_NOT_SUPPORTED);
    return not_found();
}
CMPIString* path_to_string(const CMPIObjectPath* op, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return make_string(TestBroker::path_text(op));
}
CMPIObjectPathFT path_ft = {CMPICurrentVersion,
                            no_release_path,
                            path_clone,
                            path_set_namespace,
                            path_namespace,
                            path_set_host,
                            path_host,
                            path_set_class,
                            path_class,
                            path_add_key,
                            path_key,
                            path_key_at,
                            path_key_count,
                            path_copy_namespace,
                            path_copy_host_namespace,
                            no_qualifier,
                            no_property_qualifier,
                            no_property_qualifier,
                            no_parameter_qualifier,
                            path_to_string};

CMPIObjectPath* make_path(const std::string& ns, const std::string& cls) {
    auto* p = current_arena->make<PathObject>();
    p->name_space = ns;
    p->class_name = cls;
    p->c.ft = &path_ft;
    return &p->c;
}
CMPIObjectPath* clone_path(const PathObject& from) {
    auto* op = make_path(from.name_space, from.class_name);
    path_of(op).host = from.host;
    path_of(op).keys = from.keys;
    return op;
}

// ---- instances
CMPIStatus no_release_instance(CMPIInstance*) {
    return ok();
}
InstanceObject& instance_of(const CMPIInstance* ci) {
    return *static_cast<InstanceObject*>(ci->hdl);
}
CMPIInstance* instance_clone(const CMPIInstance*, CMPIStatus* rc) {
    set(rc, CMPI_RC_ERR_NOT_SUPPORTED);
    return nullptr;
}
CMPIData instance_get(const CMPIInstance* ci, const char* name, CMPIStatus* rc) {
    return named_get(instance_of(ci).properties, name, rc);
}
CMPIData instance_at(const CMPIInstance* ci, CMPICount index, CMPIString** name, CMPIStatus* rc) {
    return named_at(instance_of(ci).properties, index, name, rc);
}
CMPICount instance_count(const CMPIInstance* ci, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return static_cast<CMPICount>(instance_of(ci).properties.size());
}
CMPIStatus instance_set(const CMPIInstance* ci, const char* name, const CMPIValue* value, CMPIType type) {
    named_set(instance_of(ci).properties, name, keep(value, type));
    return ok();
}
CMPIObjectPath* instance_path(const CMPIInstance* ci, CMPIStatus* rc) {
    set(rc, CMPI_RC_OK);
    return clone_path(*instance_of(ci).path);
}
CMPIStatus instance_filter(CMPIInstance*, const char**, const char**) {
    return fail(CMPI_RC_ERR_NOT_SUPPORTED);
}
CMPIStatus instance_set_path(CMPIInstance* ci, const CMPIObjectPath* op) {
    instance_of(ci).path = &path_of(clone_path(path_of(op)));
    return ok();
}
CMPIInstanceFT instance_ft = {CMPICurrentVersion, no_release_instance, instance_clone, instance_get,
                              instance_at,        instance_count,      instance_set,   instance_path,
                              instance_filter,    instance_set_path};

// ---- results
TestResult& result_of(const CMPIResult* r) {
    return *static_cast<TestResult*>(r->hdl);
}
CMPIStatus no_release_result(CMPIResult*) {
    return ok();
}
CMPIResult* result_clone(const CMPIResult*, CMPIStatus* rc) {
    set(rc, CMPI_RC_ERR_NOT_SUPPORTED);
    return nullptr;
}
CMPIStatus result_data(const CMPIResult* r, const CMPIValue* value, CMPIType type) {
    result_of(r).data.push_back(keep(value, type));
    return ok();
}
CMPIStatus result_instance(const CMPIResult* r, const CMPIInstance* ci) {
    if (ci == nullptr) return fail(CMPI_RC_ERR_INVALID_PARAMETER);
    result_of(r).instances.push_back(ci);
    return ok();
}
CMPIStatus result_path(const CMPIResult* r, const CMPIObjectPath* op) {
    if (op == nullptr) return fail(CMPI_RC_ERR_INVALID_PARAMETER);
    result_of(r).paths.push_back(op);
    return ok();
}
CMPIStatus result_done(const CMPIResult* r) {
    ++result_of(r).done_calls;
    return ok();
}
CMPIStatus result_error(const CMPIResult*, const CMPIError*) {
    return fail(CMPI_RC_ERR_NOT_SUPPORTED);
}
CMPIResultFT result_ft = {CMPICurrentVersion, no_release_result, result_clone, result_data,
                          result_instance,    result_path,       result_done,  result_error};

// ---- the factories (CMPIBrokerEncFT)
CMPIInstance* new_instance(const CMPIBroker* mb, const CMPIObjectPath* op, CMPIStatus* rc) {
    if (op == nullptr) {
        set(rc, CMPI_RC_ERR_INVALID_PARAMETER);
        return nullptr;
    }
    current_arena = &arena_of(mb);
    auto* ci = current_arena->make<InstanceObject>();
    ci->c.ft = &instance_ft;
    ci->path = &path_of(clone_path(path_of(op)));
    set(rc, CMPI_RC_OK);
    return &ci->c;
}
CMPIObjectPath* new_path(const CMPIBroker* mb, const char* ns, const char* cn, CMPIStatus* rc) {
    current_arena = &arena_of(mb);
    set(rc, CMPI_RC_OK);
    return make_path(ns != nullptr ? ns : "", cn != nullptr ? cn : "");
}
CMPIArgs* new_args(const CMPIBroker*, CMPIStatus* rc) {
    set(rc, CMPI_RC_ERR_NOT_SUPPORTED);
    return nullptr;
}
CMPIString* new_string(const CMPIBroker* mb, const char* text, CMPIStatus* rc) {
    current_arena = &arena_of(mb);
    set(rc, CMPI_RC_OK);
    return make_string(text != nullptr ? text : "");
}
CMPIArray* new_array(const CMPIBroker* mb, CMPICount size, CMPIType type, CMPIStatus* rc) {
    current_arena = &arena_of(mb);
    auto* a = current_arena->make<ArrayObject>();
    a->c.ft = &array_ft;
    a->type = type;
    a->items.resize(size);
    for (auto& item : a->items) {
        item.type = type;
        item.state = CMPI_nullValue;
    }
    set(rc, CMPI_RC_OK);
    return &a->c;
}
CMPIDateTime* new_datetime(const CMPIBroker*, CMPIStatus* rc) {
    set(rc, CMPI_RC_ERR_NOT_SUPPORTED);
    return nullptr;
}
CMPIDateTime* new_datetime_binary(const CMPIBroker*, CMPIUint64, CMPIBoolean, CMPIStatus* rc) {
    set(rc, CMPI_RC_ERR_NOT_SUPPORTED);
    return nullptr;
}
// DSP0004 datetime text: 25 characters, '+', '-' (timestamp) or ':' (interval) at 21.
CMPIDateTime* new_datetime_text(const CMPIBroker* mb, const char* text, CMPIStatus* rc) {
    const std::string value = text != nullptr ? text : "";
    if (value.size() != 25 || std::string("+-:").find(value[21]) == std::string::npos) {
        set(rc, CMPI_RC_ERR_INVALID_PARAMETER);
        return nullptr;
    }
    current_arena = &arena_of(mb);
    set(rc, CMPI_RC_OK);
    return make_datetime(value);
}
CMPIBrokerEncFT encoding_ft = {CMPICurrentVersion,
                               new_instance,
                               new_path,
                               new_args,
                               new_string,
                               new_array,
                               new_datetime,
                               new_datetime_binary,
                               new_datetime_text,
                               nullptr,
                               nullptr,
                               nullptr,
                               nullptr,
                               nullptr,
                               nullptr,
                               nullptr,
                               nullptr};

// A provider's own thread (CMPI 2.0 section 8.4): the same context serves it.
CMPIContext* prepare_attach_thread(const CMPIBroker*, const CMPIContext* ctx) {
    return const_cast<CMPIContext*>(ctx);  // NOLINT(cppcoreguidelines-pro-type-const-cast): CMPI's signature
}
CMPIStatus attach_thread(const CMPIBroker* mb, const CMPIContext*) {
    auto& arena = arena_of(mb);
    const std::lock_guard lock(arena.mutex);
    ++arena.attached;
    return ok();
}
CMPIStatus detach_thread(const CMPIBroker* mb, const CMPIContext*) {
    auto& arena = arena_of(mb);
    const std::lock_guard lock(arena.mutex);
    ++arena.detached;
    return ok();
}
CMPIStatus deliver_indication(const CMPIBroker* mb, const CMPIContext*, const char* ns, const CMPIInstance* ind) {
    if (ind == nullptr) return fail(CMPI_RC_ERR_INVALID_PARAMETER);
    auto json = TestBroker::instance_json(ind);
    auto& arena = arena_of(mb);
    {
        const std::lock_guard lock(arena.mutex);
        arena.delivered.push_back({ns != nullptr ? ns : "", std::move(json)});
    }
    arena.delivered_changed.notify_all();
    return ok();
}

CMPIBrokerFT broker_ft = {0,
                          CMPICurrentVersion,
                          "ipmiprov-test-broker",
                          prepare_attach_thread,
                          attach_thread,
                          detach_thread,
                          deliver_indication,
                          {}};

// ---- to JSON, as the CLI prints
std::string quote_key(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

nlohmann::json scalar_json(CMPIType type, const CMPIValue& v) {
    switch (type) {
        case CMPI_boolean:
            return v.boolean != 0;
        case CMPI_uint8:
            return v.uint8;
        case CMPI_uint16:
            return v.uint16;
        case CMPI_uint32:
            return v.uint32;
        case CMPI_uint64:
            return v.uint64;
        case CMPI_sint8:
            return v.sint8;
        case CMPI_sint16:
            return v.sint16;
        case CMPI_sint32:
            return v.sint32;
        case CMPI_sint64:
            return v.sint64;
        case CMPI_real32:
            return v.real32;
        case CMPI_real64:
            return v.real64;
        case CMPI_string:
            return TestBroker::text(v.string);
        case CMPI_dateTime:
            return static_cast<DateTimeObject*>(v.dateTime->hdl)->value;
        case CMPI_ref:
            return TestBroker::path_text(v.ref);
        case CMPI_instance:  // an embedded instance (an indication's SourceInstance)
            return TestBroker::instance_json(v.inst);
        default:
            return "unexpected CMPI type " + std::to_string(type);
    }
}

nlohmann::json data_json(const CMPIData& d) {
    if ((d.state & CMPI_nullValue) != 0) return nullptr;
    if ((d.type & CMPI_ARRAY) == 0) return scalar_json(d.type, d.value);
    auto out = nlohmann::json::array();
    const auto* array = static_cast<ArrayObject*>(d.value.array->hdl);
    for (const auto& item : array->items) out.push_back(scalar_json(array->type, item.value));
    return out;
}

// A key in the text of a path: as value_text() in provider/src/cim/value.cpp.
std::string key_text(const CMPIData& d) {
    switch (d.type) {
        case CMPI_string:
            return quote_key(TestBroker::text(d.value.string));
        case CMPI_dateTime:
            return quote_key(static_cast<DateTimeObject*>(d.value.dateTime->hdl)->value);
        case CMPI_ref:
            return quote_key(TestBroker::path_text(d.value.ref));
        default:
            return data_json(d).dump();
    }
}

}  // namespace

TestBroker::TestBroker() : arena_(std::make_unique<Arena>()) {
    broker_.hdl = arena_.get();
    broker_.bft = &broker_ft;
    broker_.eft = &encoding_ft;
    current_arena = arena_.get();
}

TestBroker::~TestBroker() {
    if (current_arena == arena_.get()) current_arena = nullptr;
}

TestResult& TestBroker::new_result() {
    results_.push_back(std::make_unique<TestResult>());
    auto& r = *results_.back();
    r.c.hdl = &r;
    r.c.ft = &result_ft;
    r.broker = this;
    current_arena = arena_.get();
    return r;
}

CMPIObjectPath* TestBroker::path(const std::string& name_space, const std::string& class_name) {
    current_arena = arena_.get();
    return make_path(name_space, class_name);
}

void TestBroker::add_string_key(CMPIObjectPath* op, const std::string& name, const std::string& value) {
    current_arena = arena_.get();
    CMPIValue v{};
    v.string = make_string(value);
    path_add_key(op, name.c_str(), &v, CMPI_string);
}

std::vector<TestBroker::Delivered> TestBroker::wait_for_indications(std::size_t count,
                                                                    std::chrono::milliseconds limit) {
    std::unique_lock lock(arena_->mutex);
    arena_->delivered_changed.wait_for(lock, limit, [&] { return arena_->delivered.size() >= count; });
    return arena_->delivered;
}

std::pair<int, int> TestBroker::threads() const {
    const std::lock_guard lock(arena_->mutex);
    return {arena_->attached, arena_->detached};
}

std::string TestBroker::text(const CMPIString* string) {
    return string == nullptr ? "" : static_cast<StringObject*>(string->hdl)->value;
}

std::string TestBroker::path_text(const CMPIObjectPath* op) {
    const auto& p = path_of(op);
    std::string out = p.name_space.empty() ? p.class_name : p.name_space + ":" + p.class_name;
    char separator = '.';
    for (const auto& [name, data] : p.keys) {
        out += separator + name + "=" + key_text(data);
        separator = ',';
    }
    return out;
}

nlohmann::json TestBroker::path_json(const CMPIObjectPath* op) {
    auto keys = nlohmann::json::object();
    for (const auto& [name, data] : path_of(op).keys) keys[name] = data_json(data);
    return keys;
}

nlohmann::json TestBroker::instance_json(const CMPIInstance* ci) {
    const auto& instance = instance_of(ci);
    auto properties = nlohmann::json::object();
    for (const auto& [name, data] : instance.properties) properties[name] = data_json(data);
    return {{"class", instance.path->class_name},
            {"namespace", instance.path->name_space},
            {"path", path_json(&instance.path->c)},
            {"properties", properties}};
}

}  // namespace ipmiprov::testing
