// A reader for the subset of MOF (DSP0004 appendix A) that cim-schemas/ uses:
// comments, #pragma lines, qualifier lists, class declarations with
// properties, references and methods. Instances and qualifier declarations
// are not ours to parse; they are an error here.
#include "provider/cim/schema.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace ipmiprov::provider::cim {
namespace {

using bridge::ErrorKind;
using bridge::make_error;

// Superclasses of the DMTF classes ours derive from (CIM schema 2.41).
constexpr std::array<std::pair<std::string_view, std::string_view>, 43> kDmtfParents{{
    {"CIM_NumericSensor", "CIM_Sensor"},
    {"CIM_Sensor", "CIM_LogicalDevice"},
    {"CIM_LogicalDevice", "CIM_EnabledLogicalElement"},
    {"CIM_EnabledLogicalElement", "CIM_LogicalElement"},
    {"CIM_LogicalElement", "CIM_ManagedSystemElement"},
    {"CIM_ManagedSystemElement", "CIM_ManagedElement"},
    {"CIM_RecordLog", "CIM_Log"},
    {"CIM_Log", "CIM_EnabledLogicalElement"},
    {"CIM_LogRecord", "CIM_RecordForLog"},
    {"CIM_RecordForLog", "CIM_ManagedElement"},
    {"CIM_ComputerSystem", "CIM_System"},
    {"CIM_System", "CIM_EnabledLogicalElement"},
    {"CIM_SystemDevice", "CIM_SystemComponent"},
    {"CIM_SystemComponent", "CIM_Component"},
    {"CIM_UseOfLog", "CIM_Dependency"},
    {"CIM_RegisteredProfile", "CIM_RegisteredSpecification"},
    {"CIM_RegisteredSpecification", "CIM_ManagedElement"},
    {"CIM_PowerManagementService", "CIM_Service"},
    {"CIM_Service", "CIM_EnabledLogicalElement"},
    {"CIM_PowerManagementCapabilities", "CIM_Capabilities"},
    {"CIM_Capabilities", "CIM_ManagedElement"},
    {"CIM_AssociatedPowerManagementService", "CIM_ServiceAvailableToElement"},
    {"CIM_HostedService", "CIM_HostedDependency"},
    {"CIM_HostedDependency", "CIM_Dependency"},
    {"CIM_IndicatorLED", "CIM_LogicalDevice"},
    {"CIM_IndicatorLEDCapabilities", "CIM_EnabledLogicalElementCapabilities"},
    {"CIM_EnabledLogicalElementCapabilities", "CIM_Capabilities"},
    {"CIM_AssociatedIndicatorLED", "CIM_Dependency"},
    {"CIM_ManagementController", "CIM_Controller"},
    {"CIM_Controller", "CIM_LogicalDevice"},
    // The inventory (ipmiprov-inventory.mof).
    {"CIM_Chassis", "CIM_PhysicalFrame"},
    {"CIM_PhysicalFrame", "CIM_PhysicalPackage"},
    {"CIM_Card", "CIM_PhysicalPackage"},
    {"CIM_PhysicalPackage", "CIM_PhysicalElement"},
    {"CIM_PhysicalElement", "CIM_ManagedSystemElement"},
    {"CIM_PhysicalAssetCapabilities", "CIM_Capabilities"},
    {"CIM_ComputerSystemPackage", "CIM_SystemPackaging"},
    {"CIM_SystemPackaging", "CIM_Dependency"},
    {"CIM_Container", "CIM_Component"},
    {"CIM_SoftwareIdentity", "CIM_LogicalElement"},
    {"CIM_ElementSoftwareIdentity", "CIM_Dependency"},
    {"CIM_Account", "CIM_EnabledLogicalElement"},
    {"CIM_AccountOnSystem", "CIM_SystemComponent"},
}};

struct Token {
    enum class Kind { Identifier, String, Number, Punct, End } kind = Kind::End;
    std::string text;
    int line = 1;
};

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}

    bridge::Result<std::vector<Token>> tokens() {
        std::vector<Token> out;
        while (true) {
            skip_space_and_comments();
            if (!error_.empty()) return make_error(ErrorKind::InvalidArgument, error_);
            if (pos_ >= text_.size()) break;
            auto token = next();
            if (!error_.empty()) return make_error(ErrorKind::InvalidArgument, error_);
            out.push_back(std::move(token));
        }
        out.push_back(Token{Token::Kind::End, "", line_});
        return out;
    }

private:
    char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

    void advance() {
        if (text_[pos_] == '\n') ++line_;
        ++pos_;
    }

    void skip_space_and_comments() {
        while (pos_ < text_.size()) {
            const char c = peek();
            if (std::isspace(static_cast<unsigned char>(c))) {
                advance();
            } else if ((c == '/' && peek(1) == '/') || c == '#') {  // comments and #pragma lines
                while (pos_ < text_.size() && peek() != '\n') advance();
            } else if (c == '/' && peek(1) == '*') {
                const int start = line_;
                pos_ += 2;
                while (pos_ < text_.size() && !(peek() == '*' && peek(1) == '/')) advance();
                if (pos_ >= text_.size()) {
                    error_ = "line " + std::to_string(start) + ": comment not closed";
                    return;
                }
                pos_ += 2;
            } else {
                return;
            }
        }
    }

    Token next() {
        const char c = peek();
        Token token{Token::Kind::Punct, "", line_};
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            token.kind = Token::Kind::Identifier;
            while (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_') token.text += text_[pos_++];
        } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+') {
            token.kind = Token::Kind::Number;
            token.text += text_[pos_++];
            while (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '.') token.text += text_[pos_++];
        } else if (c == '"') {
            token.kind = Token::Kind::String;
            token.text = string_literal();
        } else if (std::string_view("[](){},;:=").find(c) != std::string_view::npos) {
            token.text = std::string(1, c);
            ++pos_;
        } else {
            error_ = "line " + std::to_string(line_) + ": unexpected character '" + std::string(1, c) + "'";
        }
        return token;
    }

    std::string string_literal() {
        const int start = line_;
        std::string out;
        ++pos_;  // opening quote
        while (pos_ < text_.size() && peek() != '"') {
            if (peek() == '\n') break;
            if (peek() == '\\' && pos_ + 1 < text_.size()) ++pos_;
            out += text_[pos_++];
        }
        if (peek() != '"') {
            error_ = "line " + std::to_string(start) + ": string not closed";
            return out;
        }
        ++pos_;
        return out;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    int line_ = 1;
    std::string error_;
};

struct Qualifiers {
    bool key = false;
    bool association = false;
    bool indication = false;
    std::optional<bool> write;
    std::optional<bool> in;  // method parameters (DSP0004: IN is true unless said otherwise)
    std::optional<bool> out;
};

class Parser {
public:
    Parser(std::vector<Token> tokens, std::string name_space, std::string_view source)
        : tokens_(std::move(tokens)), name_space_(std::move(name_space)), source_(source) {}

    bridge::Result<std::vector<ClassDef>> classes() {
        std::vector<ClassDef> out;
        while (current().kind != Token::Kind::End && error_.empty()) {
            auto qualifiers = qualifier_list();
            if (!error_.empty()) break;
            if (!is_word("class")) {
                fail("expected a class declaration, found '" + current().text + "'");
                break;
            }
            ++index_;
            out.push_back(class_body(qualifiers));
        }
        if (!error_.empty()) return make_error(ErrorKind::InvalidArgument, error_);
        return out;
    }

private:
    const Token& current() const { return tokens_[std::min(index_, tokens_.size() - 1)]; }
    bool is_punct(char c) const { return current().kind == Token::Kind::Punct && current().text[0] == c; }
    bool is_word(std::string_view word) const {
        return current().kind == Token::Kind::Identifier && same_name(current().text, word);
    }

    void fail(const std::string& what) {
        if (error_.empty()) error_ = std::string(source_) + " line " + std::to_string(current().line) + ": " + what;
    }

    bool expect(char c) {
        if (!is_punct(c)) {
            fail(std::string("expected '") + c + "', found '" + current().text + "'");
            return false;
        }
        ++index_;
        return true;
    }

    std::string identifier(const char* what) {
        if (current().kind != Token::Kind::Identifier) {
            fail(std::string("expected ") + what + ", found '" + current().text + "'");
            return {};
        }
        return tokens_[index_++].text;
    }

    // Skips a balanced (...) or {...} group, returning its tokens' texts.
    std::vector<std::string> group(char open, char close) {
        std::vector<std::string> texts;
        int depth = 0;
        do {
            if (current().kind == Token::Kind::End) {
                fail(std::string("'") + open + "' not closed");
                return texts;
            }
            if (is_punct(open)) ++depth;
            if (is_punct(close)) --depth;
            texts.push_back(current().text);
            ++index_;
        } while (depth > 0);
        return texts;
    }

    Qualifiers qualifier_list() {
        Qualifiers q;
        if (!is_punct('[')) return q;
        ++index_;
        while (error_.empty()) {
            const auto name = identifier("a qualifier name");
            std::vector<std::string> arguments;
            if (is_punct('(')) arguments = group('(', ')');
            if (is_punct('{')) arguments = group('{', '}');
            if (is_punct(':')) {  // flavors
                ++index_;
                while (current().kind == Token::Kind::Identifier) ++index_;
            }
            const bool is_false = arguments.size() == 3 && same_name(arguments[1], "false");
            if (same_name(name, "Key")) q.key = !is_false;
            if (same_name(name, "Association")) q.association = !is_false;
            if (same_name(name, "Indication")) q.indication = !is_false;
            if (same_name(name, "Write")) q.write = !is_false;
            if (same_name(name, "In")) q.in = !is_false;
            if (same_name(name, "Out")) q.out = !is_false;
            if (is_punct(',')) {
                ++index_;
                continue;
            }
            expect(']');
            break;
        }
        return q;
    }

    ClassDef class_body(const Qualifiers& class_qualifiers) {
        ClassDef def;
        def.name = identifier("a class name");
        def.name_space = name_space_;
        def.association = class_qualifiers.association;
        def.indication = class_qualifiers.indication;
        if (is_punct(':')) {
            ++index_;
            def.parent = identifier("a superclass name");
        }
        if (!expect('{')) return def;
        while (error_.empty() && !is_punct('}')) feature(def);
        expect('}');
        expect(';');
        return def;
    }

    // TYPE or CLASS REF: the type of a property or a parameter.
    bool typed(PropertyDef& property) {
        const auto type_word = identifier("a type");
        if (is_word("REF")) {
            ++index_;
            property.type = Type::Reference;
            property.reference_class = type_word;
        } else if (auto type = type_from_name(type_word); type && *type != Type::Reference) {
            property.type = *type;
        } else if (error_.empty()) {
            fail("unknown type '" + type_word + "'");
            return false;
        }
        return error_.empty();
    }

    // ( [IN] TYPE NAME[], ... ): a method's parameters.
    std::vector<ParameterDef> parameters() {
        std::vector<ParameterDef> out;
        expect('(');
        while (error_.empty() && !is_punct(')')) {
            const auto qualifiers = qualifier_list();
            ParameterDef parameter;
            if (!typed(parameter.value)) return out;
            parameter.value.name = identifier("a parameter name");
            if (is_punct('[')) {
                group('[', ']');
                parameter.value.is_array = true;
            }
            parameter.in = qualifiers.in.value_or(true);
            parameter.out = qualifiers.out.value_or(false);
            out.push_back(std::move(parameter));
            if (!is_punct(',')) break;
            ++index_;
        }
        expect(')');
        return out;
    }

    void feature(ClassDef& def) {
        const auto qualifiers = qualifier_list();
        PropertyDef property;
        if (!typed(property)) return;
        property.name = identifier("a property or method name");
        if (is_punct('(')) {
            def.methods.push_back(MethodDef{property.name, property.type, parameters()});
            expect(';');
            return;
        }
        if (is_punct('[')) {
            group('[', ']');
            property.is_array = true;
        }
        if (is_punct('=')) {  // default value: not needed here
            ++index_;
            if (is_punct('{'))
                group('{', '}');
            else
                ++index_;
        }
        property.key = qualifiers.key;
        property.write = qualifiers.write.value_or(false);
        if (def.property(property.name)) fail("property '" + property.name + "' declared twice");
        def.properties.push_back(std::move(property));
        expect(';');
    }

    std::vector<Token> tokens_;
    std::size_t index_ = 0;
    std::string name_space_;
    std::string_view source_;
    std::string error_;
};

std::string dmtf_parent(std::string_view name) {
    for (const auto& [child, parent] : kDmtfParents)
        if (same_name(child, name)) return std::string(parent);
    return {};
}

bool type_matches(const PropertyDef& def, const Value& value) {
    if (def.type != value.type || def.is_array != value.is_array) return false;
    return value.is_array || value.items.size() == 1;
}

}  // namespace

const PropertyDef* ClassDef::property(std::string_view property_name) const {
    for (const auto& p : properties)
        if (same_name(p.name, property_name)) return &p;
    return nullptr;
}

const MethodDef* ClassDef::method(std::string_view method_name) const {
    for (const auto& m : methods)
        if (same_name(m.name, method_name)) return &m;
    return nullptr;
}

const ParameterDef* MethodDef::parameter(std::string_view parameter_name) const {
    for (const auto& p : parameters)
        if (same_name(p.value.name, parameter_name)) return &p;
    return nullptr;
}

std::vector<const PropertyDef*> ClassDef::keys() const {
    std::vector<const PropertyDef*> out;
    for (const auto& p : properties)
        if (p.key) out.push_back(&p);
    return out;
}

bridge::Status Schema::add_mof(std::string_view mof, const std::string& name_space, std::string_view source_name) {
    auto tokens = Lexer(mof).tokens();
    if (!tokens.ok())
        return make_error(ErrorKind::InvalidArgument, std::string(source_name) + " " + tokens.error().message);
    auto parsed = Parser(std::move(*tokens), name_space, source_name).classes();
    if (!parsed.ok()) return parsed.error();
    for (auto& def : *parsed) {
        if (find(def.name))
            return make_error(ErrorKind::InvalidArgument,
                              std::string(source_name) + ": class " + def.name + " declared twice");
        classes_.push_back(std::move(def));
    }
    return bridge::success();
}

const ClassDef* Schema::find(std::string_view class_name) const {
    for (const auto& def : classes_)
        if (same_name(def.name, class_name)) return &def;
    return nullptr;
}

std::vector<std::string> Schema::ancestry(std::string_view class_name) const {
    std::vector<std::string> chain;
    std::string name(class_name);
    while (!name.empty() && chain.size() < 32) {
        chain.push_back(name);
        const auto* def = find(name);
        name = def ? def->parent : dmtf_parent(name);
    }
    return chain;
}

bool Schema::is_a(std::string_view class_name, std::string_view ancestor) const {
    const auto chain = ancestry(class_name);
    return std::any_of(chain.begin(), chain.end(), [&](const std::string& c) { return same_name(c, ancestor); });
}

bool Schema::knows(std::string_view name) const {
    if (find(name)) return true;
    return std::any_of(classes_.begin(), classes_.end(), [&](const ClassDef& def) { return is_a(def.name, name); });
}

std::vector<std::string> schema_problems(const Schema& schema, const Instance& instance) {
    std::vector<std::string> problems;
    const auto* def = schema.find(instance.class_name);
    if (!def) return {"class " + instance.class_name + " is not in the schema"};
    if (!same_name(def->name_space, instance.name_space))
        problems.push_back(instance.class_name + " is served in " + def->name_space + ", not " + instance.name_space);
    for (const auto& [name, value] : instance.properties) {
        const auto* property = def->property(name);
        if (!property) {
            problems.push_back(instance.class_name + "." + name + " is not declared in the MOF");
        } else if (!type_matches(*property, value)) {
            problems.push_back(instance.class_name + "." + name + " is " + std::string(type_name(value.type)) +
                               (value.is_array ? "[]" : "") + " here but " + std::string(type_name(property->type)) +
                               (property->is_array ? "[]" : "") + " in the MOF");
        }
    }
    for (const auto* key : def->keys())
        if (!instance.property(key->name))
            problems.push_back(instance.class_name + "." + key->name + " (key) is not set");
    return problems;
}

}  // namespace ipmiprov::provider::cim
