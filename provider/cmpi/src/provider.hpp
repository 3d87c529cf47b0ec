// One CMPI provider instance over one ipmiprov session: the CIM operations
// a broker calls, carried out through the provider ABI. Each operation
// writes its results to the CMPIResult and throws Failure on error.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "convert.hpp"

namespace ipmiprov::cmpi {

// A session as the settings say (settings.hpp); a Failure when it cannot be opened.
Session open_session();

class Provider {
public:
    explicit Provider(const CMPIBroker* broker) : broker_(broker), to_(broker) {}

    void enumerate(const CMPIResult* result, const CMPIObjectPath* op, const char** properties, bool names_only);
    void get(const CMPIResult* result, const CMPIObjectPath* op, const char** properties);
    void modify(const CMPIObjectPath* op, const CMPIInstance* instance, const char** properties);
    // The method with the broker's IN arguments; its OUT ones into `out`.
    void invoke(const CMPIResult* result, const CMPIObjectPath* op, const char* method, const CMPIArgs* in,
                CMPIArgs* out);
    void associators(const CMPIResult* result, const CMPIObjectPath* op, const char* association_class,
                     const char* result_class, const char* role, const char* result_role, const char** properties,
                     bool names_only);
    void references(const CMPIResult* result, const CMPIObjectPath* op, const char* association_class, const char* role,
                    const char** properties, bool names_only);

    // A status for the broker, with the message as a broker string.
    [[nodiscard]] CMPIStatus status(CMPIrc rc, const std::string& message) const;

private:
    // The instance a broker path names, with the list that owns it.
    struct Resolved {
        List list;
        const ipmiprov_instance* instance = nullptr;
    };

    ipmiprov_session* session();
    template <class Call>
    auto locked(Call&& call);
    List enumerate_list(const std::string& class_name);
    // Whether the class's MOF marks the property Write (ipmiprov_classes).
    bool writable(const std::string& class_name, const std::string& property);
    Resolved resolve(const CMPIObjectPath* op);
    // The source of an association traversal; nullopt when it is not ours
    // (a broker asks every association provider, whatever the source).
    std::optional<Resolved> resolve_source(const CMPIObjectPath* op);
    void send(const CMPIResult* result, const List& list, const std::string& name_space, const char** properties,
              bool names_only, const std::function<bool(const ipmiprov_instance*)>& keep) const;

    const CMPIBroker* broker_;
    ToCmpi to_;
    std::mutex mutex_;  // a session serves one thread at a time (provider.h)
    Session session_;
};

}  // namespace ipmiprov::cmpi
