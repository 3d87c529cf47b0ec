#include "bmc_commands.hpp"

#include <algorithm>
#include <charconv>

#include "bridge/json_text.hpp"
#include "exit_codes.hpp"
#include "provider/bmc/channels.hpp"
#include "provider/bmc/lan.hpp"
#include "provider/bmc/users.hpp"

namespace ipmiprov::cli {
namespace po = boost::program_options;
namespace bmc = provider::bmc;
using bridge::ErrorKind;
using bridge::make_error;

po::options_description bmc_options() {
    po::options_description options("BMC network and users");
    options.add_options()("all", "users: every user ID, configured or not");
    return options;
}

namespace {

std::optional<std::uint8_t> parse_channel(const std::string& text) {
    unsigned value = 0;
    const bool hex = text.starts_with("0x") || text.starts_with("0X");
    const char* begin = text.data() + (hex ? 2 : 0);
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(begin, end, value, hex ? 16 : 10);
    if (begin == end || ec != std::errc{} || ptr != end || value > 15) return std::nullopt;
    return static_cast<std::uint8_t>(value);
}

// --channel's, else the LAN channels the BMC has (none: an error).
bridge::Result<std::vector<std::uint8_t>> channels_of(bridge::Engine& engine, const CliOptions& options) {
    if (options.bmc_channel) return std::vector<std::uint8_t>{*options.bmc_channel};
    return bmc::lan_channel_numbers(engine);
}

}  // namespace

bridge::Status check_bmc_command(const CliOptions& options) {
    if (!options.args.empty()) {
        // ipmitool's `lan print [N]` and `user list [N]` name the channel as a word.
        const bool ipmitool_words =
            options.args.size() <= 2 && (options.args[0] == "print" || options.args[0] == "list");
        if (!ipmitool_words) return make_error(ErrorKind::InvalidArgument, "use " + options.command + " [--channel N]");
    }
    return bridge::success();
}

bridge::Status fill_bmc_options(const po::variables_map& vm, CliOptions& options) {
    const bool ours = options.command == "lan" || options.command == "users";
    if (vm.count("all") && options.command != "users")
        return make_error(ErrorKind::InvalidArgument, "--all applies to users only");
    if (!ours) return bridge::success();
    options.all_users = vm.count("all") > 0;
    std::optional<std::string> text;
    if (vm.count("channel")) text = vm["channel"].as<std::string>();
    if (options.args.size() == 2) {
        if (text) return make_error(ErrorKind::InvalidArgument, options.command + ": give the channel once");
        text = options.args[1];
    }
    if (!text) return bridge::success();
    options.bmc_channel = parse_channel(*text);
    if (!options.bmc_channel)
        return make_error(ErrorKind::InvalidArgument, options.command + ": channel \"" + *text + "\" is not 0 to 15");
    return bridge::success();
}

namespace {

// --channel N for lan: a LAN channel, or an error saying what it is.
bridge::Status check_lan_channel(bridge::Engine& engine, std::uint8_t channel) {
    auto reply = engine.call(bmc::channel_info_request(channel));
    if (!reply.ok()) return reply.error();
    auto info = bmc::decode_channel_info(*reply);
    if (!info.ok()) return info.error();
    if (!info->is_lan())
        return make_error(ErrorKind::InvalidArgument, "channel " + std::to_string(channel) + " is " +
                                                          std::string(bmc::medium_name(info->medium)) +
                                                          ", not a LAN channel");
    return bridge::success();
}

}  // namespace

int run_lan(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    if (options.bmc_channel) {
        if (auto lan = check_lan_channel(engine, *options.bmc_channel); !lan.ok()) {
            const int code = report_error(streams, lan.error());
            return code == kExitUsage ? kExitCommandFailed : code;
        }
    }
    auto channels = channels_of(engine, options);
    if (!channels.ok()) return report_error(streams, channels.error());
    auto json = nlohmann::ordered_json::array();
    for (auto channel : *channels) {
        auto config = bmc::read_lan_config(engine, channel);
        if (!config.ok()) return report_error(streams, config.error());
        if (options.json)
            json.push_back(bmc::lan_json(*config));
        else
            bmc::print_lan(streams.out, *config);
    }
    if (options.json) streams.out << bridge::json_text(json, 2) << '\n';
    return kExitOk;
}

namespace {

// The daemon's users on --channel's channel alone; nullopt when it does not hold that channel.
std::optional<bmc::Users> users_of_channel(const bmc::Users& held, std::uint8_t channel) {
    const auto& channels = held.channels;
    if (std::find(channels.begin(), channels.end(), channel) == channels.end()) return std::nullopt;
    bmc::Users users = held;
    users.channels = {channel};
    for (auto& user : users.users)
        std::erase_if(user.channels, [&](const bmc::ChannelAccess& access) { return access.channel != channel; });
    return users;
}

bridge::Result<bmc::Users> read_users_here(bridge::Engine& engine, const CliOptions& options) {
    auto channels = channels_of(engine, options);
    if (!channels.ok()) return channels.error();
    return bmc::read_users(engine, *channels);
}

bridge::Result<bmc::Users> users_to_show(bridge::Engine& engine, const CliOptions& options, Snapshots* snapshots) {
    if (!snapshots) return read_users_here(engine, options);
    auto held = snapshots->users();
    if (!held.ok()) return held.error();
    if (!options.bmc_channel) return **held;
    if (auto one = users_of_channel(**held, *options.bmc_channel)) return *one;
    return read_users_here(engine, options);
}

}  // namespace

int run_users(bridge::Engine& engine, const CliOptions& options, Streams streams, Snapshots* snapshots) {
    auto users = users_to_show(engine, options, snapshots);
    if (!users.ok()) return report_error(streams, users.error());
    if (options.json)
        streams.out << bridge::json_text(bmc::users_json(*users, options.all_users), 2) << '\n';
    else
        bmc::print_users(streams.out, *users, options.all_users);
    return kExitOk;
}

}  // namespace ipmiprov::cli
