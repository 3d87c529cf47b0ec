// The registration files in cim-schemas/ against the classes and profiles the
// provider serves: a class added to ipmiprov.mof without a registration, a
// registration of a namespace a stock server lacks, or a profile version
// changed on one side only, fails here. Loading them into OpenPegasus and
// sfcb was done by hand (docs/cmpi-provider.md, "Tried in real servers").
#include "provider/cim/mapping.hpp"
#include "provider/cim/schema.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace ipmiprov::provider::cim {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAreArray;

std::string schema_file(const std::string& name) {
    std::ifstream in(std::string(IPMIPROV_CIM_SCHEMAS) + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// MOF instances as property name → value text (quotes and braces kept).
struct MofInstance {
    std::string class_name;
    std::map<std::string, std::string> values;

    [[nodiscard]] std::string get(const std::string& name) const {
        auto found = values.find(name);
        return found == values.end() ? std::string() : found->second;
    }
};

std::vector<MofInstance> mof_instances(const std::string& mof) {
    static const std::regex block(R"(instance of (\w+) \{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\};)");
    static const std::regex assignment(R"((\w+) = ([^;]*);)");
    std::vector<MofInstance> out;
    for (std::sregex_iterator b(mof.begin(), mof.end(), block), end; b != end; ++b) {
        MofInstance instance{(*b)[1], {}};
        const std::string body = (*b)[2];
        for (std::sregex_iterator a(body.begin(), body.end(), assignment); a != end; ++a)
            instance.values[(*a)[1]] = (*a)[2];
        out.push_back(std::move(instance));
    }
    return out;
}

std::vector<std::string> quoted_strings(const std::string& text) {
    static const std::regex quoted(R"re("([^"]*)")re");
    std::vector<std::string> out;
    for (std::sregex_iterator q(text.begin(), text.end(), quoted), end; q != end; ++q) out.push_back((*q)[1]);
    return out;
}

std::vector<const ClassDef*> served_classes(const std::string& name_space) {
    std::vector<const ClassDef*> out;
    for (const auto& def : ipmiprov_schema().classes())
        if (def.name_space == name_space) out.push_back(&def);
    return out;
}

TEST(PegasusRegistration, EveryClassOfTheProviderNamespaceHasACapabilityThere) {
    std::map<std::string, MofInstance> capabilities;
    for (const auto& instance : mof_instances(schema_file("pegasus/ipmiprov-registration.mof")))
        if (instance.class_name == "PG_ProviderCapabilities")
            capabilities[quoted_strings(instance.get("ClassName")).at(0)] = instance;
    std::vector<std::string> expected;
    for (const auto* def : served_classes("root/cimv2")) {
        expected.push_back(def->name);
        ASSERT_EQ(capabilities.count(def->name), 1U) << def->name;
        const auto& capability = capabilities.at(def->name);
        EXPECT_THAT(quoted_strings(capability.get("Namespaces")), ElementsAre("root/cimv2")) << def->name;
        EXPECT_EQ(quoted_strings(capability.get("ProviderName")), std::vector<std::string>{"IPMIProv_Provider"});
        // ProviderType: 2 instance, 3 association, 4 indication, 5 method (PG_ProviderCapabilities).
        const bool association = capability.get("ProviderType").find('3') != std::string::npos;
        EXPECT_EQ(association, def->association) << def->name;
        const bool indication = capability.get("ProviderType").find('4') != std::string::npos;
        EXPECT_EQ(indication, def->indication) << def->name;
        EXPECT_EQ(capability.get("ProviderType").find('2') != std::string::npos, !def->indication) << def->name;
        EXPECT_EQ(capability.get("ProviderType").find('5') != std::string::npos, !def->methods.empty()) << def->name;
    }
    // Nothing for root/interop, which a stock Pegasus does not have: its own
    // interop provider serves the profiles (the next test).
    std::vector<std::string> registered;
    registered.reserve(capabilities.size());
    for (const auto& [name, capability] : capabilities) registered.push_back(name);
    EXPECT_THAT(registered, UnorderedElementsAreArray(expected));
}

TEST(PegasusRegistration, AdvertisesTheProfilesTheProviderServesWithTheirConformingClasses) {
    // Pegasus's own names for its ValueMap entries we use (PG_ServerProfile20.mof).
    const std::map<std::string, std::string> kPegasusProfiles{{"504", "Record Log"}};
    std::set<std::string> capability_classes;
    std::set<std::pair<std::string, std::string>> advertised;
    std::set<std::string> conforming;
    const auto instances = mof_instances(schema_file("pegasus/ipmiprov-registration.mof"));
    for (const auto& instance : instances)
        if (instance.class_name == "PG_ProviderCapabilities")
            capability_classes.insert(quoted_strings(instance.get("ClassName")).at(0));
    for (const auto& instance : instances) {
        if (instance.class_name != "PG_ProviderProfileCapabilities") continue;
        const auto profile = instance.get("RegisteredProfile");
        const std::string name = profile == "0" ? quoted_strings(instance.get("OtherRegisteredProfile")).at(0)
                                                : kPegasusProfiles.at(profile);
        if (profile == "0") {
            EXPECT_EQ(quoted_strings(instance.get("OtherProfileOrganization")).at(0), "DMTF");
        }
        advertised.emplace(name, quoted_strings(instance.get("ProfileVersion")).at(0));
        EXPECT_EQ(instance.get("RegisteredSubProfiles"), "{}") << name;
        for (const auto& element : quoted_strings(instance.get("ConformingElements"))) {
            // Pegasus's interop provider fails as a whole on a conforming
            // class with no capability in the same provider.
            EXPECT_EQ(capability_classes.count(element), 1U) << element;
            conforming.insert(element);
        }
    }
    std::set<std::pair<std::string, std::string>> served;
    for (const auto& profile : registered_profile_instances())
        served.emplace(*profile.property("RegisteredName")->as_string(),
                       *profile.property("RegisteredVersion")->as_string());
    EXPECT_EQ(advertised, served);
    EXPECT_EQ(conforming,
              (std::set<std::string>{"IPMIProv_NumericSensor", "IPMIProv_Sensor", "IPMIProv_RecordLog",
                                     "IPMIProv_PowerManagementService", "IPMIProv_IndicatorLED", "IPMIProv_Chassis",
                                     "IPMIProv_Card", "IPMIProv_PhysicalPackage", "IPMIProv_SoftwareIdentity"}));
}

using SfcbStanza = std::map<std::string, std::string>;

std::map<std::string, SfcbStanza> sfcb_stanzas(const std::string& reg) {
    std::map<std::string, SfcbStanza> out;
    static const std::regex header(R"(^\[(\w+)\]$)");
    static const std::regex entry(R"(^\s+(\w+):\s*(.*)$)");
    std::istringstream lines(reg);
    std::string line, current;
    std::smatch m;
    while (std::getline(lines, line)) {
        if (std::regex_match(line, m, header))
            current = m[1];
        else if (!current.empty() && std::regex_match(line, m, entry))
            out[current][m[1]] = m[2];
    }
    return out;
}

TEST(SfcbRegistration, EveryClassIsRegisteredInItsNamespaceAndTheConformanceInBoth) {
    auto stanzas = sfcb_stanzas(schema_file("sfcb/ipmiprov.reg"));
    EXPECT_EQ(stanzas.size(), ipmiprov_schema().classes().size());
    for (const auto& def : ipmiprov_schema().classes()) {
        ASSERT_EQ(stanzas.count(def.name), 1U) << def.name;
        auto& values = stanzas[def.name];
        EXPECT_EQ(values["provider"], "IPMIProv_Provider") << def.name;
        EXPECT_EQ(values["location"], "ipmiprov_cmpi") << def.name;
        EXPECT_EQ(values["type"].find("association") != std::string::npos, def.association) << def.name;
        EXPECT_EQ(values["type"].find("indication") != std::string::npos, def.indication) << def.name;
        EXPECT_EQ(values["type"].find("instance") != std::string::npos, !def.indication) << def.name;
        EXPECT_EQ(values["type"].find("method") != std::string::npos, !def.methods.empty()) << def.name;
        // sfcb runs an association request in its source's namespace: from a
        // sensor (root/cimv2) to its profile too.
        const std::string expected_namespaces = def.name == kConformsClass ? "root/interop root/cimv2" : def.name_space;
        EXPECT_EQ(values["namespace"], expected_namespaces) << def.name;
    }
}

}  // namespace
}  // namespace ipmiprov::provider::cim
