// `ipmiprov chassis` (issue 23): the status, and power, identify, boot
// device and restore policy. The power actions ask on a terminal and need
// --yes otherwise; every change is sent once (provider/chassis/control).
#include <array>
#include <iomanip>

#include <nlohmann/json.hpp>

#include "bridge/json_text.hpp"
#include "chassis_options.hpp"
#include "exit_codes.hpp"
#include "provider/chassis/control.hpp"

namespace ipmiprov::cli {
namespace {

namespace chassis = provider::chassis;
using nlohmann::ordered_json;

ordered_json buttons_json(const chassis::PanelButtons& buttons) {
    const auto one = [](const chassis::PanelButton& b) {
        return ordered_json{{"disabled", b.disabled}, {"disable_allowed", b.disable_allowed}};
    };
    return ordered_json{{"power_off", one(buttons.power_off)},
                        {"reset", one(buttons.reset)},
                        {"diagnostic_interrupt", one(buttons.diagnostic_interrupt)},
                        {"standby", one(buttons.standby)}};
}

ordered_json report_json(const chassis::ChassisReport& report) {
    const auto& s = report.status;
    ordered_json json{
        {"power", s.power_on ? "on" : "off"},
        {"power_overload", s.power_overload},
        {"power_interlock", s.power_interlock},
        {"main_power_fault", s.main_power_fault},
        {"power_control_fault", s.power_control_fault},
        {"power_restore_policy", chassis::restore_policy_name(s.restore_policy)},
        {"last_power_event", chassis::last_power_event_names(s)},
        {"chassis_intrusion", s.intrusion},
        {"front_panel_lockout", s.front_panel_lockout},
        {"drive_fault", s.drive_fault},
        {"cooling_fault", s.cooling_fault},
        {"identify", s.identify ? ordered_json(chassis::identify_state_name(*s.identify)) : ordered_json()},
        {"front_panel_buttons", s.buttons ? buttons_json(*s.buttons) : ordered_json()},
        {"restart_cause", nullptr},
        {"power_on_minutes", nullptr},
        {"power_on_hours", nullptr},
        {"boot_device", nullptr},
        {"notes", report.notes},
    };
    if (const auto& cause = report.restart_cause) {
        json["restart_cause"] = {{"code", cause->code}, {"text", cause->text()}, {"channel", cause->channel}};
    }
    if (const auto& poh = report.power_on_hours) {
        json["power_on_minutes"] = poh->minutes();
        json["power_on_hours"] = poh->minutes() / 60;
    }
    if (const auto& boot = report.boot_flags) {
        json["boot_device"] = {{"device", boot->device_name()},
                               {"valid", boot->valid},
                               {"persistent", boot->persistent},
                               {"efi", boot->efi}};
    }
    return json;
}

std::string buttons_text(const chassis::PanelButtons& buttons) {
    std::string text;
    const std::array<std::pair<const char*, const chassis::PanelButton*>, 4> all{
        {{"power off", &buttons.power_off},
         {"reset", &buttons.reset},
         {"diag", &buttons.diagnostic_interrupt},
         {"standby", &buttons.standby}}};
    for (const auto& [name, button] : all) {
        text.append(text.empty() ? "" : ", ").append(name).append(button->disabled ? " disabled" : " enabled");
        if (!button->disable_allowed) text.append(" (cannot be disabled)");
    }
    return text;
}

void print_report(std::ostream& out, const chassis::ChassisReport& report) {
    const auto& s = report.status;
    const auto row = [&out](const char* label, const std::string& value) {
        out << std::left << std::setw(21) << label << ": " << value << '\n';
    };
    const auto yes_no = [](bool value) { return std::string(value ? "true" : "false"); };
    const auto active = [](bool value) { return std::string(value ? "active" : "inactive"); };
    row("System Power", s.power_on ? "on" : "off");
    row("Power Overload", yes_no(s.power_overload));
    row("Power Interlock", active(s.power_interlock));
    row("Main Power Fault", yes_no(s.main_power_fault));
    row("Power Control Fault", yes_no(s.power_control_fault));
    row("Power Restore Policy", std::string(chassis::restore_policy_name(s.restore_policy)));
    std::string last;
    for (const auto& name : chassis::last_power_event_names(s)) last.append(last.empty() ? "" : ", ").append(name);
    row("Last Power Event", last.empty() ? "none" : last);
    row("Chassis Intrusion", active(s.intrusion));
    row("Front-Panel Lockout", active(s.front_panel_lockout));
    row("Drive Fault", yes_no(s.drive_fault));
    row("Cooling/Fan Fault", yes_no(s.cooling_fault));
    row("Identify", s.identify ? std::string(chassis::identify_state_name(*s.identify)) : "not reported");
    row("Front Panel Buttons", s.buttons ? buttons_text(*s.buttons) : "not reported");
    if (report.restart_cause) {
        row("Restart Cause",
            report.restart_cause->text() + " (channel " + std::to_string(report.restart_cause->channel) + ")");
    } else {
        row("Restart Cause", "not reported");
    }
    row("Power-On Hours",
        report.power_on_hours ? std::to_string(report.power_on_hours->minutes() / 60) : std::string("not reported"));
    if (const auto& boot = report.boot_flags) {
        std::string text = "no override";
        if (boot->selector != 0) {
            text = boot->device_name() + (boot->persistent ? ", every boot" : ", next boot only");
            if (boot->efi) text += ", EFI";
            if (!boot->valid) text += " (not marked valid)";
        }
        row("Boot Device", text);
    } else {
        row("Boot Device", "not reported");
    }
    for (const auto& note : report.notes) out << "note: " << note << '\n';
}

int status(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    auto report = chassis::read_report(engine);
    if (!report.ok()) return report_error(streams, report.error());
    if (options.json)
        streams.out << bridge::json_text(report_json(*report), 2) << '\n';
    else
        print_report(streams.out, *report);
    return kExitOk;
}

int power_status(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    auto status = chassis::read_status(engine);
    if (!status.ok()) return report_error(streams, status.error());
    if (options.json)
        streams.out << bridge::json_text(ordered_json{{"power", status->power_on ? "on" : "off"}}, 2) << '\n';
    else
        streams.out << "Chassis Power is " << (status->power_on ? "on" : "off") << '\n';
    return kExitOk;
}

int done(const CliOptions& options, Streams streams, const std::string& what, const ordered_json& json) {
    if (options.json)
        streams.out << bridge::json_text(json, 2) << '\n';
    else
        streams.out << what << '\n';
    return kExitOk;
}

int power(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    if (options.chassis_word == "status") return power_status(engine, options, streams);
    const auto action = *chassis::find_control_action(options.chassis_word);  // checked when parsed
    const std::string target = engine.transport_description();
    if (auto answer =
            confirm(options, streams, "Send \"" + std::string(action.text) + "\" to the chassis of " + target + "?",
                    "chassis power " + std::string(action.name) + " changes the machine's power", "nothing sent")) {
        return *answer;
    }
    if (auto sent = chassis::send_control(engine, action); !sent.ok()) return report_error(streams, sent.error());
    return done(options, streams, "Chassis Power Control: " + std::string(action.text) + " (accepted)",
                {{"action", action.name}, {"request", action.text}, {"accepted", true}});
}

int identify(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    chassis::IdentifyRequest request;
    request.force = options.identify_force;
    request.seconds = options.identify_off ? std::optional<std::uint8_t>(0) : options.identify_seconds;
    if (auto sent = chassis::identify(engine, request); !sent.ok()) return report_error(streams, sent.error());
    const bool off = request.seconds == 0 && !request.force;
    const std::string state = request.force ? "on until turned off"
                              : off         ? "off"
                                            : "on for " + std::to_string(request.seconds.value_or(15)) + " s";
    return done(options, streams, "Chassis identify: " + state,
                {{"identify", request.force ? "indefinite"
                              : off         ? "off"
                                            : "temporary"},
                 {"seconds", request.force || off ? ordered_json() : ordered_json(request.seconds.value_or(15))}});
}

int bootdev(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    const auto device = *chassis::find_boot_device(options.chassis_word);
    const chassis::BootFlags flags{true, options.boot_persistent, options.boot_efi, device.selector};
    if (auto set = chassis::set_boot_flags(engine, flags); !set.ok()) return report_error(streams, set.error());
    std::string text = "Boot device set to " + std::string(device.name) +
                       (flags.persistent ? " for every boot" : " for the next boot");
    if (flags.efi) text += ", EFI";
    return done(options, streams, text,
                {{"boot_device", device.name}, {"persistent", flags.persistent}, {"efi", flags.efi}});
}

int policy(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    const bool list = options.chassis_word == "list";
    const auto wanted = list ? chassis::RestorePolicy::Unknown : *chassis::find_restore_policy(options.chassis_word);
    auto supported = chassis::set_restore_policy(engine, wanted);  // Unknown (03h): no change, the list
    if (!supported.ok()) return report_error(streams, supported.error());
    ordered_json names = ordered_json::array();
    std::string text;
    for (auto policy : *supported) {
        names.push_back(chassis::restore_policy_name(policy));
        text.append(text.empty() ? "" : ", ").append(chassis::restore_policy_name(policy));
    }
    if (list) return done(options, streams, "Supported power restore policies: " + text, {{"supported", names}});
    return done(options, streams,
                "Power restore policy set to " + options.chassis_word + " (the chassis supports " + text + ")",
                {{"power_restore_policy", options.chassis_word}, {"supported", names}});
}

}  // namespace

int run_chassis(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    const auto& sub = options.args.at(0);
    if (sub == "status") return status(engine, options, streams);
    if (sub == "power") return power(engine, options, streams);
    if (sub == "identify") return identify(engine, options, streams);
    if (sub == "bootdev") return bootdev(engine, options, streams);
    return policy(engine, options, streams);
}

}  // namespace ipmiprov::cli
