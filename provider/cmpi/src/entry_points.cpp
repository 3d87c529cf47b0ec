// The CMPI entry points of libipmiprov_cmpi.so: the factories a broker
// looks up as <provider name>_Create_<kind>MI (CMPI 2.0 section 6.1), with
// the provider name IPMIProv_Provider from cim-schemas/ registrations, and
// the function tables behind them. Every function catches everything.
#include <exception>
#include <memory>
#include <string>

#include "indications.hpp"
#include "provider.hpp"

#define IPMIPROV_CMPI_EXPORT extern "C" __attribute__((visibility("default")))

namespace ipmiprov::cmpi {
namespace {

// One MI: what the broker holds (the CMPI struct) and the provider behind it.
template <class MI>
struct Hosted {
    MI mi{};
    Provider provider;
    explicit Hosted(const CMPIBroker* broker) : provider(broker) {}
};

template <class MI>
Provider& provider_of(MI* mi) {
    return static_cast<Hosted<MI>*>(mi->hdl)->provider;
}

template <class MI, class Operation>
CMPIStatus guarded(MI* mi, Operation&& operation) noexcept {
    Provider& provider = provider_of(mi);
    try {
        operation(provider);
        return CMPIStatus{CMPI_RC_OK, nullptr};
    } catch (const Failure& failure) {
        return provider.status(failure.rc(), failure.what());
    } catch (const std::exception& e) {
        return provider.status(CMPI_RC_ERR_FAILED, std::string("ipmiprov: internal error: ") + e.what());
    } catch (...) {
        return CMPIStatus{CMPI_RC_ERR_FAILED, nullptr};
    }
}

template <class MI>
CMPIStatus cleanup(MI* mi, const CMPIContext* /*ctx*/, CMPIBoolean /*terminating*/) {
    const std::unique_ptr<Hosted<MI>> owned(static_cast<Hosted<MI>*>(mi->hdl));
    return CMPIStatus{CMPI_RC_OK, nullptr};
}

template <class MI>
MI* create(const CMPIBroker* broker, auto* table, CMPIStatus* rc) noexcept {
    try {
        auto hosted = std::make_unique<Hosted<MI>>(broker);
        hosted->mi.hdl = hosted.get();
        hosted->mi.ft = table;
        if (rc != nullptr) *rc = CMPIStatus{CMPI_RC_OK, nullptr};
        return &hosted.release()->mi;
    } catch (...) {
        if (rc != nullptr) *rc = CMPIStatus{CMPI_RC_ERR_FAILED, nullptr};
        return nullptr;
    }
}

CMPIStatus not_supported(CMPIInstanceMI* mi, const char* what) {
    return guarded(mi, [&](Provider&) {
        throw Failure(CMPI_RC_ERR_NOT_SUPPORTED, std::string("ipmiprov: ") + what + " is not supported");
    });
}

// ---- instances (CMPI 2.0 section 6.2)

CMPIStatus enumerate_names(CMPIInstanceMI* mi, const CMPIContext*, const CMPIResult* result, const CMPIObjectPath* op) {
    return guarded(mi, [&](Provider& p) { p.enumerate(result, op, nullptr, true); });
}
CMPIStatus enumerate_instances(CMPIInstanceMI* mi, const CMPIContext*, const CMPIResult* result,
                               const CMPIObjectPath* op, const char** properties) {
    return guarded(mi, [&](Provider& p) { p.enumerate(result, op, properties, false); });
}
CMPIStatus get_instance(CMPIInstanceMI* mi, const CMPIContext*, const CMPIResult* result, const CMPIObjectPath* op,
                        const char** properties) {
    return guarded(mi, [&](Provider& p) { p.get(result, op, properties); });
}
CMPIStatus create_instance(CMPIInstanceMI* mi, const CMPIContext*, const CMPIResult*, const CMPIObjectPath*,
                           const CMPIInstance*) {
    return not_supported(mi, "CreateInstance (sensors and log records come from the BMC)");
}
CMPIStatus modify_instance(CMPIInstanceMI* mi, const CMPIContext*, const CMPIResult*, const CMPIObjectPath* op,
                           const CMPIInstance* instance, const char** properties) {
    return guarded(mi, [&](Provider& p) { p.modify(op, instance, properties); });
}
CMPIStatus delete_instance(CMPIInstanceMI* mi, const CMPIContext*, const CMPIResult*, const CMPIObjectPath*) {
    return not_supported(mi, "DeleteInstance (clear the log with IPMIProv_RecordLog.ClearLog)");
}
CMPIStatus exec_query(CMPIInstanceMI* mi, const CMPIContext*, const CMPIResult*, const CMPIObjectPath*, const char*,
                      const char*) {
    return not_supported(mi, "ExecQuery (the CIM server filters enumerations itself)");
}

CMPIInstanceMIFT instance_table = {
    CMPICurrentVersion,
    CMPICurrentVersion,
    "instanceIPMIProv_Provider",
    cleanup<CMPIInstanceMI>,
    enumerate_names,
    enumerate_instances,
    get_instance,
    create_instance,
    modify_instance,
    delete_instance,
    exec_query,
};

// ---- associations (section 6.3)

CMPIStatus associators(CMPIAssociationMI* mi, const CMPIContext*, const CMPIResult* result, const CMPIObjectPath* op,
                       const char* association_class, const char* result_class, const char* role,
                       const char* result_role, const char** properties) {
    return guarded(mi, [&](Provider& p) {
        p.associators(result, op, association_class, result_class, role, result_role, properties, false);
    });
}
CMPIStatus associator_names(CMPIAssociationMI* mi, const CMPIContext*, const CMPIResult* result,
                            const CMPIObjectPath* op, const char* association_class, const char* result_class,
                            const char* role, const char* result_role) {
    return guarded(mi, [&](Provider& p) {
        p.associators(result, op, association_class, result_class, role, result_role, nullptr, true);
    });
}
CMPIStatus references(CMPIAssociationMI* mi, const CMPIContext*, const CMPIResult* result, const CMPIObjectPath* op,
                      const char* association_class, const char* role, const char** properties) {
    return guarded(mi, [&](Provider& p) { p.references(result, op, association_class, role, properties, false); });
}
CMPIStatus reference_names(CMPIAssociationMI* mi, const CMPIContext*, const CMPIResult* result,
                           const CMPIObjectPath* op, const char* association_class, const char* role) {
    return guarded(mi, [&](Provider& p) { p.references(result, op, association_class, role, nullptr, true); });
}

CMPIAssociationMIFT association_table = {
    CMPICurrentVersion,
    CMPICurrentVersion,
    "associationIPMIProv_Provider",
    cleanup<CMPIAssociationMI>,
    associators,
    associator_names,
    references,
    reference_names,
};

// ---- methods (section 6.5)

CMPIStatus invoke_method(CMPIMethodMI* mi, const CMPIContext*, const CMPIResult* result, const CMPIObjectPath* op,
                         const char* method, const CMPIArgs* in, CMPIArgs* out) {
    return guarded(mi, [&](Provider& p) { p.invoke(result, op, method, in, out); });
}

CMPIMethodMIFT method_table = {
    CMPICurrentVersion, CMPICurrentVersion, "methodIPMIProv_Provider", cleanup<CMPIMethodMI>, invoke_method,
};

// ---- indications (section 6.6): IPMIProv_InstCreation, IPMIProv_AlertIndication

struct HostedIndications {
    CMPIIndicationMI mi{};
    IndicationService service;
    explicit HostedIndications(const CMPIBroker* broker) : service(broker) {}
};

IndicationService& service_of(CMPIIndicationMI* mi) {
    return static_cast<HostedIndications*>(mi->hdl)->service;
}

template <class Operation>
CMPIStatus indication_guarded(CMPIIndicationMI* mi, Operation&& operation) noexcept {
    IndicationService& service = service_of(mi);
    try {
        operation(service);
        return CMPIStatus{CMPI_RC_OK, nullptr};
    } catch (const Failure& failure) {
        return service.status(failure.rc(), failure.what());
    } catch (const std::exception& e) {
        return service.status(CMPI_RC_ERR_FAILED, std::string("ipmiprov: internal error: ") + e.what());
    } catch (...) {
        return CMPIStatus{CMPI_RC_ERR_FAILED, nullptr};
    }
}

CMPIStatus indication_cleanup(CMPIIndicationMI* mi, const CMPIContext*, CMPIBoolean) {
    const std::unique_ptr<HostedIndications> owned(static_cast<HostedIndications*>(mi->hdl));
    return CMPIStatus{CMPI_RC_OK, nullptr};
}
// Anyone the broker lets subscribe may: the indications carry what the
// instances of the same classes carry.
CMPIStatus authorize_filter(CMPIIndicationMI*, const CMPIContext*, const CMPISelectExp*, const char*,
                            const CMPIObjectPath*, const char*) {
    return CMPIStatus{CMPI_RC_OK, nullptr};
}
// The provider pushes (the daemon's subscription): the broker never polls.
CMPIStatus must_poll(CMPIIndicationMI*, const CMPIContext*, const CMPISelectExp*, const char*, const CMPIObjectPath*) {
    return CMPIStatus{CMPI_RC_ERR_NOT_SUPPORTED, nullptr};
}
CMPIStatus activate_filter(CMPIIndicationMI* mi, const CMPIContext* ctx, const CMPISelectExp*, const char*,
                           const CMPIObjectPath*, CMPIBoolean) {
    return indication_guarded(mi, [&](IndicationService& s) { s.activate(ctx); });
}
CMPIStatus deactivate_filter(CMPIIndicationMI* mi, const CMPIContext*, const CMPISelectExp*, const char*,
                             const CMPIObjectPath*, CMPIBoolean) {
    return indication_guarded(mi, [&](IndicationService& s) { s.deactivate(); });
}
CMPIStatus enable_indications(CMPIIndicationMI* mi, const CMPIContext*) {
    return indication_guarded(mi, [&](IndicationService& s) { s.enable(true); });
}
CMPIStatus disable_indications(CMPIIndicationMI* mi, const CMPIContext*) {
    return indication_guarded(mi, [&](IndicationService& s) { s.enable(false); });
}

CMPIIndicationMIFT indication_table = {
    CMPICurrentVersion,  CMPICurrentVersion, "indicationIPMIProv_Provider",
    indication_cleanup,  authorize_filter,   must_poll,
    activate_filter,     deactivate_filter,  enable_indications,
    disable_indications,
};

CMPIIndicationMI* create_indications(const CMPIBroker* broker, CMPIStatus* rc) noexcept {
    try {
        auto hosted = std::make_unique<HostedIndications>(broker);
        hosted->mi.hdl = hosted.get();
        hosted->mi.ft = &indication_table;
        if (rc != nullptr) *rc = CMPIStatus{CMPI_RC_OK, nullptr};
        return &hosted.release()->mi;
    } catch (...) {
        if (rc != nullptr) *rc = CMPIStatus{CMPI_RC_ERR_FAILED, nullptr};
        return nullptr;
    }
}

}  // namespace
}  // namespace ipmiprov::cmpi

using ipmiprov::cmpi::create;

IPMIPROV_CMPI_EXPORT CMPIInstanceMI* IPMIProv_Provider_Create_InstanceMI(const CMPIBroker* broker,
                                                                         const CMPIContext* /*ctx*/, CMPIStatus* rc) {
    return create<CMPIInstanceMI>(broker, &ipmiprov::cmpi::instance_table, rc);
}

IPMIPROV_CMPI_EXPORT CMPIAssociationMI* IPMIProv_Provider_Create_AssociationMI(const CMPIBroker* broker,
                                                                               const CMPIContext* /*ctx*/,
                                                                               CMPIStatus* rc) {
    return create<CMPIAssociationMI>(broker, &ipmiprov::cmpi::association_table, rc);
}

IPMIPROV_CMPI_EXPORT CMPIMethodMI* IPMIProv_Provider_Create_MethodMI(const CMPIBroker* broker,
                                                                     const CMPIContext* /*ctx*/, CMPIStatus* rc) {
    return create<CMPIMethodMI>(broker, &ipmiprov::cmpi::method_table, rc);
}

IPMIPROV_CMPI_EXPORT CMPIIndicationMI* IPMIProv_Provider_Create_IndicationMI(const CMPIBroker* broker,
                                                                             const CMPIContext* /*ctx*/,
                                                                             CMPIStatus* rc) {
    return ipmiprov::cmpi::create_indications(broker, rc);
}
