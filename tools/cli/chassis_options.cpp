// The chassis command's words and options, checked before anything is sent.
#include "chassis_options.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include "option_tables.hpp"
#include "provider/chassis/chassis.hpp"

namespace ipmiprov::cli {
namespace po = boost::program_options;
namespace chassis = provider::chassis;
using bridge::ErrorKind;
using bridge::make_error;

po::options_description chassis_options() {
    po::options_description options("Chassis");
    options.add_options()("force", "chassis identify: on until turned off")("off", "chassis identify: turn it off")(
        "persistent", "chassis bootdev: for every boot, not only the next")(
        "efi", "chassis bootdev: boot in EFI mode, not legacy BIOS");
    return options;
}

namespace {

constexpr std::array<const char*, 5> kSubcommands{"status", "power", "identify", "bootdev", "policy"};

std::string sub_of(const CliOptions& options) {
    return options.args.empty() ? "" : options.args[0];
}

bridge::Error invalid(const std::string& message) {
    return make_error(ErrorKind::InvalidArgument, message);
}

bridge::Status fill_word(CliOptions& options, const std::string& sub) {
    const auto& word = options.args[1];
    if (sub == "power" && word != "status" && !chassis::find_control_action(word))
        return invalid("chassis power \"" + word + "\" is none of status, " + chassis::control_action_names());
    if (sub == "bootdev" && !chassis::find_boot_device(word))
        return invalid("chassis bootdev \"" + word + "\" is none of " + chassis::boot_device_names());
    if (sub == "policy" && word != "list" && !chassis::find_restore_policy(word))
        return invalid("chassis policy \"" + word + "\" is none of " + chassis::restore_policy_names() + ", list");
    options.chassis_word = word;
    return bridge::success();
}

bridge::Status fill_identify(const po::variables_map& vm, CliOptions& options) {
    options.identify_force = vm.count("force") > 0;
    options.identify_off = vm.count("off") > 0;
    if (options.identify_force && options.identify_off) return invalid("chassis identify: --force or --off, not both");
    if (options.args.size() < 2) return bridge::success();
    if (options.identify_force || options.identify_off)
        return invalid("chassis identify: SECONDS, --force or --off, one of them");
    const auto& text = options.args[1];
    unsigned seconds = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || seconds > 255)
        return invalid("chassis identify: SECONDS \"" + text + "\" is not 0 to 255 (0 turns it off)");
    options.identify_seconds = static_cast<std::uint8_t>(seconds);
    return bridge::success();
}

}  // namespace

bridge::Status check_chassis_command(const CliOptions& options) {
    const auto sub = sub_of(options);
    if (std::find(kSubcommands.begin(), kSubcommands.end(), sub) == kSubcommands.end())
        return invalid("chassis needs one of status, power, identify, bootdev, policy");
    const std::size_t words = options.args.size();
    if (sub == "status" && words != 1) return invalid("chassis status takes no arguments");
    if (sub == "power" && words != 2) return invalid("use chassis power status|" + chassis::control_action_names());
    if (sub == "identify" && words > 2) return invalid("use chassis identify [SECONDS] [--force|--off]");
    if (sub == "bootdev" && words != 2)
        return invalid("use chassis bootdev DEVICE [--persistent] [--efi] (DEVICE: " + chassis::boot_device_names() +
                       ")");
    if (sub == "policy" && words != 2)
        return invalid("use chassis policy " + chassis::restore_policy_names() + ", list");
    return bridge::success();
}

bridge::Status fill_chassis_options(const po::variables_map& vm, CliOptions& options) {
    const std::string sub = options.command == "chassis" ? sub_of(options) : "";
    for (auto [option, wanted] : {std::pair{"force", "identify"}, std::pair{"off", "identify"},
                                  std::pair{"persistent", "bootdev"}, std::pair{"efi", "bootdev"}}) {
        if (vm.count(option) && sub != wanted)
            return invalid(std::string("--") + option + " applies to chassis " + wanted + " only");
    }
    if (sub.empty()) return bridge::success();
    options.boot_persistent = vm.count("persistent") > 0;
    options.boot_efi = vm.count("efi") > 0;
    if (sub == "identify") return fill_identify(vm, options);
    if (sub == "power" || sub == "bootdev" || sub == "policy") return fill_word(options, sub);
    return bridge::success();
}

}  // namespace ipmiprov::cli
