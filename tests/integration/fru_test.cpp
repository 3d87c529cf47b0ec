// `ipmiprov fru` against ipmi_sim with the fixture's FRU inventory
// (tests/fixtures/ipmi_sim/fru.emu: the BMC's device 0 with every area and
// six multi-records, a power supply, a riser whose board area checksum is
// wrong, a device of 600 bytes read in many parts, a physical locator, and a
// second controller at 30h reached by bridging), compared field by field
// with ipmitool's `fru print` and FreeIPMI's `ipmi-fru` on the same BMC.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <ctime>
#include <map>
#include <sstream>

#include <thread>

#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;

// A tool's devices: title -> (label, value) rows in order.
using Rows = std::vector<std::pair<std::string, std::string>>;
using Devices = std::map<std::string, Rows>;

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string::npos) return "";
    const auto last = text.find_last_not_of(' ');
    return text.substr(first, last - first + 1);
}

// "FRU Device Description : PSU 1 (ID 1)" then " Label   : value" lines.
Devices ipmitool_devices(const std::string& text) {
    Devices devices;
    Rows* current = nullptr;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        const auto colon = line.find(" : ");
        if (colon == std::string::npos) continue;
        const auto label = trim(line.substr(0, colon));
        const auto value = trim(line.substr(colon + 3));
        if (label == "FRU Device Description") {
            const auto id = value.rfind(" (ID ");
            current = &devices[id == std::string::npos ? value : value.substr(0, id)];
        } else if (current) {
            current->emplace_back(label, value);
        }
    }
    return devices;
}

// "FRU Inventory Device: Riser (ID 02h)" then "  FRU Label: value" lines.
Devices freeipmi_devices(const std::string& text) {
    Devices devices;
    Rows* current = nullptr;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("FRU Inventory Device: ", 0) == 0) {
            auto title = line.substr(22);
            current = &devices[title.substr(0, title.rfind(" (ID "))];
        } else if (current && line.rfind("  FRU ", 0) == 0) {
            const auto colon = line.find(": ");
            if (colon != std::string::npos) current->emplace_back(line.substr(6, colon - 6), line.substr(colon + 2));
        }
    }
    return devices;
}

// "Tue Nov 14 22:13:00 2023 UTC" (ipmitool) or "11/14/23 - 22:13:00" (FreeIPMI) as ISO 8601.
std::string iso_from(const std::string& text, const char* format) {
    std::tm tm{};
    if (!strptime(text.c_str(), format, &tm)) return "unparsed: " + text;
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

void add(Rows& rows, const std::string& label, const json& value) {
    if (value.is_string() && !value.get<std::string>().empty()) rows.emplace_back(label, value.get<std::string>());
}

// Our JSON device in ipmitool's labels (empty fields left out, as it does).
Rows as_ipmitool(const json& device) {
    Rows rows;
    if (const auto& c = device["chassis"]; !c.is_null()) {
        add(rows, "Chassis Type", c["type_name"]);
        add(rows, "Chassis Part Number", c["part_number"]);
        add(rows, "Chassis Serial", c["serial_number"]);
        for (const auto& custom : c["custom"]) add(rows, "Chassis Extra", custom);
    }
    if (const auto& b = device["board"]; !b.is_null()) {
        rows.emplace_back("Board Mfg Date",
                          b["manufactured"].is_null() ? "Unspecified" : b["manufactured"].get<std::string>());
        add(rows, "Board Mfg", b["manufacturer"]);
        add(rows, "Board Product", b["product_name"]);
        add(rows, "Board Serial", b["serial_number"]);
        add(rows, "Board Part Number", b["part_number"]);
        for (const auto& custom : b["custom"]) add(rows, "Board Extra", custom);
    }
    if (const auto& p = device["product"]; !p.is_null()) {
        add(rows, "Product Manufacturer", p["manufacturer"]);
        add(rows, "Product Name", p["product_name"]);
        add(rows, "Product Part Number", p["part_number"]);
        add(rows, "Product Version", p["version"]);
        add(rows, "Product Serial", p["serial_number"]);
        add(rows, "Product Asset Tag", p["asset_tag"]);
        for (const auto& custom : p["custom"]) add(rows, "Product Extra", custom);
    }
    return rows;
}

// Our JSON device in FreeIPMI's labels: the info areas and the numbers of
// the power supply, DC output and load records, and the system name.
Rows as_freeipmi(const json& device) {
    Rows rows;
    if (const auto& c = device["chassis"]; !c.is_null()) {
        add(rows, "Chassis Type", c["type_name"]);
        add(rows, "Chassis Part Number", c["part_number"]);
        add(rows, "Chassis Serial Number", c["serial_number"]);
        for (const auto& custom : c["custom"]) add(rows, "Chassis Custom Info", custom);
    }
    if (const auto& b = device["board"]; !b.is_null() && b["checksum_ok"].get<bool>()) {
        add(rows, "Board Manufacturing Date/Time", b["manufactured"]);
        add(rows, "Board Manufacturer", b["manufacturer"]);
        add(rows, "Board Product Name", b["product_name"]);
        add(rows, "Board Serial Number", b["serial_number"]);
        add(rows, "Board Part Number", b["part_number"]);
        add(rows, "FRU File ID", b["fru_file_id"]);
        for (const auto& custom : b["custom"]) add(rows, "Board Custom Info", custom);
    }
    if (const auto& p = device["product"]; !p.is_null()) {
        add(rows, "Product Manufacturer Name", p["manufacturer"]);
        add(rows, "Product Name", p["product_name"]);
        add(rows, "Product Part/Model Number", p["part_number"]);
        add(rows, "Product Version", p["version"]);
        add(rows, "Product Serial Number", p["serial_number"]);
        add(rows, "Product Asset Tag", p["asset_tag"]);
        add(rows, "FRU File ID", p["fru_file_id"]);
        for (const auto& custom : p["custom"]) add(rows, "Product Custom Info", custom);
    }
    const auto number = [&rows](const std::string& label, const json& value, const std::string& unit) {
        if (!value.is_null()) rows.emplace_back(label, std::to_string(value.get<long>()) + " " + unit);
    };
    for (const auto& record : device["multi_records"]) {
        const auto& d = record["decoded"];
        if (record["type"] == 0) {
            number("Power Supply Overall Capacity", d["overall_capacity_w"], "Watts");
            number("Power Supply Peak VA", d["peak_va"], "VA");
            number("Power Supply Max Inrush Current", d["inrush_current_a"], "Amps");
            number("Power Supply Low End Input Voltage 1", d["input_voltage_range_1_mv"][0], "mV");
            number("Power Supply High End Input Voltage 1", d["input_voltage_range_1_mv"][1], "mV");
            number("Power Supply Low End Input Voltage 2", d["input_voltage_range_2_mv"][0], "mV");
            number("Power Supply High End Input Voltage 2", d["input_voltage_range_2_mv"][1], "mV");
            number("Power Supply Low End Acceptable Frequency", d["input_frequency_hz"][0], "Hz");
            number("Power Supply High End Acceptable Frequency", d["input_frequency_hz"][1], "Hz");
            number("Power Supply Peak Capacity", d["peak_capacity_w"], "Watts");
            number("Power Supply Hold Up Time", d["hold_up_time_s"], "s");
        } else if (record["type"] == 1) {
            number("DC Output Nominal Voltage", d["nominal_mv"], "mV");
            number("DC Output Maximum Negative Voltage Deviation", d["max_negative_deviation_mv"], "mV");
            number("DC Output Maximum Positive Voltage Deviation", d["max_positive_deviation_mv"], "mV");
            number("DC Output Maximum Current Draw", d["max_current_ma"], "mA");
        } else if (record["type"] == 2) {
            number("DC Load Nominal Voltage", d["nominal_mv"], "mV");
            number("DC Load Spec'd Minimum Voltage", d["min_mv"], "mV");
            number("DC Load Spec'd Maximum Voltage", d["max_mv"], "mV");
            number("DC Load Maximum Current Load", d["max_current_ma"], "mA");
        } else if (record["type"] == 3) {
            rows.emplace_back("Management Access System Name", d["value"].get<std::string>());
        }
    }
    return rows;
}

// FreeIPMI's rows restricted to the labels as_freeipmi gives (and its dates in ISO).
Rows comparable(const Rows& theirs, const Rows& ours) {
    Rows out;
    for (const auto& row : theirs) {
        const auto& label = row.first;
        const auto value =
            label == "Board Manufacturing Date/Time" ? iso_from(row.second, "%m/%d/%y - %H:%M:%S") : row.second;
        if (std::any_of(ours.begin(), ours.end(), [&](const auto& mine) { return mine.first == label; }))
            out.emplace_back(label, value);
    }
    return out;
}

class FruAgainstIpmiSim : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        IpmiSimExtras extras;
        extras.fru = true;
        extras.console = true;  // SEL entries of a hot-swap
        sim_ = std::make_unique<IpmiSim>(IPMIPROV_IPMISIM_FIXTURE, extras);
    }
    static void TearDownTestSuite() { sim_.reset(); }

    RunResult ipmiprov(const std::vector<std::string>& args) { return ipmiprov_over_lan(*sim_, cache_.path(), args); }
    std::map<std::string, json> our_devices() {
        auto result = ipmiprov({"fru", "--json"});
        EXPECT_EQ(result.exit_code, 0) << result.err;
        std::map<std::string, json> by_name;
        for (const auto& device : json::parse(result.out)) by_name[device["name"].get<std::string>()] = device;
        return by_name;
    }

    static std::unique_ptr<IpmiSim> sim_;
    TempDir cache_{"ipmiprov-fru-cache-"};
};
std::unique_ptr<IpmiSim> FruAgainstIpmiSim::sim_;

TEST_F(FruAgainstIpmiSim, EveryFieldAsIpmitoolPrintsIt) {
    auto tool = run(concat(sim_->ipmitool(), {"fru", "print"}), std::chrono::seconds(60), {"TZ=UTC"});
    ASSERT_EQ(tool.exit_code, 0) << tool.err;
    auto theirs = ipmitool_devices(tool.out);
    auto ours = our_devices();
    ASSERT_EQ(theirs.size(), 5U) << tool.out;
    for (auto& [title, rows] : theirs) {
        const auto name = trim(title);
        ASSERT_TRUE(ours.count(name)) << name;
        for (auto& [label, value] : rows)
            if (label == "Board Mfg Date" && value != "Unspecified") value = iso_from(value, "%a %b %d %H:%M:%S %Y");
        EXPECT_EQ(as_ipmitool(ours[name]), rows) << name;
    }
    // The device ipmitool passes over without a word: ours names it.
    ASSERT_TRUE(ours.count("Front Panel"));
    EXPECT_FALSE(ours["Front Panel"]["logical"].get<bool>());
    EXPECT_EQ(ours["Front Panel"]["slave_address"], 0xA0);
    EXPECT_EQ(ours["Satellite MC"]["controller"], 0x30);
}

TEST_F(FruAgainstIpmiSim, AreasAndRecordsAsFreeIpmiPrintsThem) {
    TempDir sdr_cache("ipmiprov-fru-freeipmi-");
    ::chmod(sdr_cache.path().c_str(), 0700);
    auto tool = run(concat(concat({"ipmi-fru"}, sim_->freeipmi()),
                           {"--bridge-fru", "--sdr-cache-directory", sdr_cache.path().string()}),
                    std::chrono::seconds(60), {"TZ=UTC"});
    ASSERT_EQ(tool.exit_code, 0) << tool.err;
    auto theirs = freeipmi_devices(tool.out);
    auto ours = our_devices();
    // FreeIPMI calls device 0 "Default FRU Device"; the rest by their locators' names.
    ASSERT_TRUE(theirs.count("Default FRU Device")) << tool.out;
    theirs["Builtin FRU Device"] = theirs["Default FRU Device"];
    theirs.erase("Default FRU Device");
    std::size_t compared = 0;
    for (const auto& [name, rows] : theirs) {
        ASSERT_TRUE(ours.count(name)) << name;
        auto mine = as_freeipmi(ours[name]);
        if (name == "Riser") {
            // FreeIPMI drops the board area whose checksum fails, and reads
            // BCD plus one symbol a byte: leave out the BCD serial.
            std::erase_if(mine, [](const auto& row) { return row.first == "Product Serial Number"; });
        }
        EXPECT_EQ(mine, comparable(rows, mine)) << name;
        compared += mine.size();
    }
    EXPECT_GT(compared, 60U) << "most fields were compared";
    // Both name the riser's board checksum.
    EXPECT_NE(tool.out.find("board info area checksum invalid"), std::string::npos) << tool.out;
    const auto& problems = ours["Riser"]["problems"];
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_NE(problems[0]["message"].get<std::string>().find("board area: checksum 5Ah is wrong"), std::string::npos);
    EXPECT_FALSE(ours["Riser"]["board"]["checksum_ok"].get<bool>());
}

TEST_F(FruAgainstIpmiSim, OneDeviceReadOnlyAsFarAsItIsUsed) {
    auto result = ipmiprov({"-v", "fru", "--id", "0", "--json"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto devices = json::parse(result.out);
    ASSERT_EQ(devices.size(), 1U);
    EXPECT_EQ(devices[0]["size"], 512);
    // 377 bytes are used: twelve parts of 32 after one of 48 refused (C8h), not sixteen.
    EXPECT_EQ(requests_in_trace(result.err, "Read FRU Data"), 13U) << result.err;
    EXPECT_EQ(devices[0]["multi_records"].size(), 6U);

    // The device of 600 bytes, in parts (ipmi_sim answers 34 bytes at most).
    result = ipmiprov({"fru", "print", "3"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("Custom field 11: abcdefghijklmnopqrstuvw"), std::string::npos) << result.out;
}

TEST_F(FruAgainstIpmiSim, ADeviceThatIsNotThereIsAnErrorAsForIpmitool) {
    auto result = ipmiprov({"fru", "--id", "4"});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.out.find("Not read"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("Get FRU Inventory Area Info"), std::string::npos) << result.out;
    EXPECT_EQ(run(concat(sim_->ipmitool(), {"fru", "print", "4"})).exit_code, 1);
    auto bad = ipmiprov({"fru", "--id", "255"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("not 0 to 254"), std::string::npos) << bad.err;
}

TEST_F(FruAgainstIpmiSim, ThroughTheDaemonTheInventoryIsASnapshot) {
    TempDir dir("ipmiprovd-inventory-");
    Daemon daemon(lan_daemon_args(*sim_, dir.path()), dir.path(),
                  {"--max-age", "600", "--interval", "600", "--sel-interval", "600"});
    for (int i = 0; i < 300 && daemon.log().find("ipmiprovd: serving ") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto through = [&](const std::vector<std::string>& args) {
        return run(concat({IPMIPROV_BIN, "--daemon", daemon.socket()}, args), std::chrono::seconds(60),
                   {"IPMIPROV_CACHE_DIR=" + cache_.path().string()});
    };
    const auto requests = [&] { return daemon.stats()["bmc_requests"].get<std::uint64_t>(); };
    for (const std::vector<std::string>& command : {std::vector<std::string>{"fru", "--json"},
                                                    {"fru"},
                                                    {"fru", "--id", "1"},
                                                    {"users", "--json"},
                                                    {"users", "--channel", "1", "--all"}}) {
        std::string words;
        for (const auto& word : command) words += word + " ";
        SCOPED_TRACE(words);
        const auto first = through(command);
        ASSERT_EQ(first.exit_code, 0) << first.err << daemon.log();
        const auto direct = ipmiprov(command);
        ASSERT_EQ(direct.exit_code, 0) << direct.err;
        EXPECT_EQ(first.out, direct.out) << "what direct mode prints";
        const auto before = requests();
        const auto again = through(command);
        EXPECT_EQ(again.out, first.out);
        EXPECT_EQ(requests(), before) << "the second read is the daemon's snapshot: no request";
    }
    // --fresh reads the FRU devices again.
    const auto before = requests();
    ASSERT_EQ(through({"--fresh", "fru", "--json"}).exit_code, 0);
    EXPECT_GT(requests(), before + 40);
    // A device the snapshot does not list is asked of the BMC, as in direct mode.
    const auto absent = through({"fru", "--id", "4"});
    EXPECT_EQ(absent.exit_code, 1);
    EXPECT_NE(absent.out.find("Get FRU Inventory Area Info"), std::string::npos) << absent.out;
}

TEST_F(FruAgainstIpmiSim, TheDaemonReadsTheFruAgainAfterAHotSwapAndKeepsItAcrossARestart) {
    TempDir dir("ipmiprovd-inventory-");
    const auto start = [&] {
        auto daemon = std::make_unique<Daemon>(
            lan_daemon_args(*sim_, dir.path()), dir.path(),
            std::vector<std::string>{"--max-age", "600", "--interval", "600", "--sel-interval", "0.5"});
        for (int i = 0; i < 300 && daemon->log().find("ipmiprovd: serving ") == std::string::npos; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return daemon;
    };
    auto daemon = start();
    const auto through = [&](const std::vector<std::string>& args) {
        return run(concat({IPMIPROV_BIN, "--daemon", daemon->socket()}, args), std::chrono::seconds(60),
                   {"IPMIPROV_CACHE_DIR=" + cache_.path().string()});
    };
    const auto requests = [&] { return daemon->stats()["bmc_requests"].get<std::uint64_t>(); };
    const auto first = through({"fru", "--json"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    // Any SEL entry is no reason to read the FRU devices again; a FRU State event is.
    ASSERT_NE(
        sim_->console("sel_add 0x20 0x02 0 0 0 0 0x20 0x00 0x04 0x01 0x01 0x01 0x52 0xf5 0xf6").find("Added record"),
        std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    auto before = requests();
    EXPECT_EQ(through({"fru", "--json"}).out, first.out);
    // The SEL is polled every 0.5 s (a request each); reading the devices again would be 50.
    EXPECT_LT(requests(), before + 10) << "a temperature event changes no part";
    ASSERT_NE(
        sim_->console("sel_add 0x20 0x02 0 0 0 0 0x20 0x00 0x04 0x2c 0x01 0x6f 0x01 0xff 0xff").find("Added record"),
        std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    before = requests();
    EXPECT_EQ(through({"fru", "--json"}).out, first.out);
    EXPECT_GT(requests(), before + 40) << "a FRU State event: the devices read again";
    // Restarted, the daemon serves the FRU data it kept, at its age, without reading it.
    daemon.reset();
    daemon = start();
    before = requests();
    EXPECT_EQ(through({"fru", "--json"}).out, first.out);
    EXPECT_LT(requests(), before + 10) << "kept in the snapshot store (SEL polls aside)" << daemon->log();
}

// ---- The inventory as CIM (DSP1011, DSP1023, accounts) on the same BMC

// A property's text; "" when absent (an empty FRU field is no property).
std::string prop(const json& element, const char* name) {
    const auto& properties = element["properties"];
    if (!properties.contains(name)) return "";
    return properties[name].is_string() ? properties[name].get<std::string>() : properties[name].dump();
}

// "2023-11-14T22:13:00Z" as a CIM datetime.
std::string cim_datetime(const std::string& iso) {
    std::string digits;
    for (char c : iso.substr(0, 19))
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    return digits + ".000000+000";
}

// Every element the FRU devices' areas give (`fru --json`), by class and
// device name, with the FRU's fields; an area whose checksum fails gives none.
void expect_elements_of(const std::map<std::string, json>& devices, const json& elements) {
    std::map<std::pair<std::string, std::string>, json> by_key;
    for (const auto& element : elements) by_key[{element["class"], prop(element, "FRUDeviceName")}] = element;
    std::size_t expected = 0;
    const auto ok = [](const json& device, const char* area) {
        return device.contains(area) && device[area].is_object() && device[area]["checksum_ok"].get<bool>();
    };
    for (const auto& [name, device] : devices) {
        SCOPED_TRACE(name);
        if (ok(device, "chassis")) {
            ++expected;
            const auto& chassis = by_key[{"IPMIProv_Chassis", name}];
            EXPECT_EQ(prop(chassis, "SerialNumber"), device["chassis"]["serial_number"]);
            EXPECT_EQ(prop(chassis, "PartNumber"), device["chassis"]["part_number"]);
            EXPECT_EQ(prop(chassis, "ChassisTypeDescription"), device["chassis"]["type_name"]);
            if (ok(device, "product")) {
                EXPECT_EQ(prop(chassis, "Model"), device["product"]["product_name"]);
            }
        }
        if (ok(device, "board")) {
            ++expected;
            const auto& card = by_key[{"IPMIProv_Card", name}];
            EXPECT_EQ(prop(card, "Model"), device["board"]["product_name"]);
            EXPECT_EQ(prop(card, "Manufacturer"), device["board"]["manufacturer"]);
            EXPECT_EQ(prop(card, "SerialNumber"), device["board"]["serial_number"]);
            EXPECT_EQ(prop(card, "PartNumber"), device["board"]["part_number"]);
            EXPECT_EQ(prop(card, "ManufactureDate"), cim_datetime(device["board"]["manufactured"]));
        }
        if (ok(device, "product") && !ok(device, "chassis")) {
            ++expected;
            const auto& package = by_key[{"IPMIProv_PhysicalPackage", name}];
            EXPECT_EQ(prop(package, "Model"), device["product"]["product_name"]);
            EXPECT_EQ(prop(package, "SerialNumber"), device["product"]["serial_number"]);
            EXPECT_EQ(prop(package, "PartNumber"), device["product"]["part_number"]);
            EXPECT_EQ(prop(package, "Version"), device["product"]["version"]);
        }
    }
    EXPECT_EQ(elements.size(), expected);
}

TEST_F(FruAgainstIpmiSim, TheCimPhysicalElementsAreTheFruAreas) {
    auto cim = ipmiprov({"cim", "enumerate", "CIM_PhysicalElement", "--format", "json"});
    ASSERT_EQ(cim.exit_code, 0) << cim.err;
    const auto elements = json::parse(cim.out);
    const auto devices = our_devices();
    expect_elements_of(devices, elements);
    EXPECT_EQ(elements.size(), 6U) << "device 0's chassis and board, PSU 1, the riser's product, the big FRU, "
                                      "the satellite's board";
    // The riser's board fails its checksum: its product area alone. The
    // power supply is one by its locator's entity.
    std::vector<std::string> riser;
    for (const auto& element : elements)
        if (prop(element, "FRUDeviceName") == "Riser") riser.push_back(element["class"]);
    EXPECT_EQ(riser, std::vector<std::string>{"IPMIProv_PhysicalPackage"});
    for (const auto& element : elements)
        if (prop(element, "FRUDeviceName") == "PSU 1") {
            EXPECT_EQ(element["properties"]["PackageType"], 6);
        }
    // The chassis holds every other element.
    auto chassis = ipmiprov({"cim", "enumerate", "IPMIProv_Container", "--format", "json"});
    ASSERT_EQ(chassis.exit_code, 0) << chassis.err;
    EXPECT_EQ(json::parse(chassis.out).size(), elements.size() - 1);
}

TEST_F(FruAgainstIpmiSim, FirmwareGuidAndAccountsAreWhatInfoAndUsersShow) {
    const auto cli_json = [&](const std::vector<std::string>& args) {
        auto result = ipmiprov(args);
        EXPECT_EQ(result.exit_code, 0) << result.err;
        return json::parse(result.out, nullptr, false);
    };
    const auto info = cli_json({"info", "--json"});
    const auto firmware = cli_json({"cim", "enumerate", "CIM_SoftwareIdentity", "--format", "json"});
    ASSERT_EQ(firmware.size(), 1U);
    EXPECT_EQ(prop(firmware[0], "VersionString"), info["firmware_revision"]);
    EXPECT_EQ(prop(firmware[0], "Manufacturer"), info["manufacturer_name"]);
    auto tool = run(concat(sim_->ipmitool(), {"mc", "info"}));
    EXPECT_NE(tool.out.find("Firmware Revision         : " + prop(firmware[0], "VersionString")), std::string::npos)
        << tool.out;
    const auto package = cli_json({"cim", "enumerate", "IPMIProv_ComputerSystemPackage", "--format", "json"});
    ASSERT_EQ(package.size(), 1U);
    EXPECT_EQ(prop(package[0], "PlatformGUID"), info["system_guid"]);

    const auto users = cli_json({"users", "--json"});
    const auto accounts = cli_json({"cim", "enumerate", "IPMIProv_Account", "--format", "json"});
    ASSERT_EQ(accounts.size(), users["users"].size());
    for (std::size_t i = 0; i < accounts.size(); ++i) {
        const auto& user = users["users"][i];
        EXPECT_EQ(prop(accounts[i], "Name"), "IPMI:User" + std::to_string(user["id"].get<int>()));
        EXPECT_EQ(prop(accounts[i], "UserID"), user["name"].is_string() ? user["name"].get<std::string>() : "");
        const auto state = user["enabled"].is_null() ? "0" : (user["enabled"].get<bool>() ? "2" : "3");
        EXPECT_EQ(prop(accounts[i], "EnabledState"), state);
    }
    EXPECT_GE(accounts.size(), 3U);
}

TEST_F(FruAgainstIpmiSim, ThroughTheDaemonTheCimInventoryIsItsSnapshot) {
    TempDir dir("ipmiprovd-cim-inventory-");
    Daemon daemon(lan_daemon_args(*sim_, dir.path()), dir.path(),
                  {"--max-age", "600", "--interval", "600", "--sel-interval", "600"});
    const auto through = [&](const std::vector<std::string>& args) {
        return run(concat({IPMIPROV_BIN, "--daemon", daemon.socket()}, args), std::chrono::seconds(60),
                   {"IPMIPROV_CACHE_DIR=" + cache_.path().string()});
    };
    const std::vector<std::string> enumerate{"cim", "enumerate", "CIM_PhysicalElement", "--format", "json"};
    const auto first = through(enumerate);
    ASSERT_EQ(first.exit_code, 0) << first.err << daemon.log();
    expect_elements_of(our_devices(), json::parse(first.out));
    const auto read_all = [&] {
        std::string out;
        for (const char* cls : {"CIM_PhysicalElement", "IPMIProv_Account", "IPMIProv_SoftwareIdentity",
                                "IPMIProv_ComputerSystemPackage"}) {
            const auto result = through({"cim", "enumerate", cls, "--format", "json"});
            EXPECT_EQ(result.exit_code, 0) << result.err;
            EXPECT_FALSE(json::parse(result.out, nullptr, false).empty()) << cls;
            out += result.out;
        }
        return out;
    };
    const auto once = read_all();
    const auto before = daemon.stats()["bmc_requests"].get<std::uint64_t>();
    EXPECT_EQ(read_all(), once);
    EXPECT_EQ(daemon.stats()["bmc_requests"].get<std::uint64_t>(), before) << "the inventory is a snapshot";
}

}  // namespace
}  // namespace ipmiprov::testing
