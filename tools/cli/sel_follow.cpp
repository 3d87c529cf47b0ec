// `ipmiprov sel follow`: new SEL entries as they come — from the BMC (driver
// events or polling), or, through ipmiprovd, pushed by its subscription
// (docs/daemon-protocol.md), which costs the BMC nothing of its own.

#include <atomic>
#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "bridge/json_text.hpp"
#include "exit_codes.hpp"
#include "provider/sel/entry_output.hpp"
#include "provider/sel/reader.hpp"
#include "sel_shared.hpp"

namespace ipmiprov::cli {
namespace {

namespace sel = provider::sel;
using nlohmann::ordered_json;

std::atomic<bool> g_interrupted{false};
void on_interrupt(int) {
    g_interrupted = true;
}

// Sleeps in short steps, so that Ctrl-C ends the wait at once.
void sleep_unless_interrupted(std::chrono::milliseconds duration) {
    constexpr std::chrono::milliseconds kStep{100};
    const auto until = std::chrono::steady_clock::now() + duration;
    while (!g_interrupted) {
        const auto left = until - std::chrono::steady_clock::now();
        if (left <= std::chrono::milliseconds::zero()) return;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, kStep));
    }
}

// `sel follow` through a BMC that stops answering (a reset, a network
// outage): it keeps asking, first after outage_retry_first, doubling up to
// outage_retry_max, and says so once when the outage starts and once when it ends.
class FollowOutage {
public:
    FollowOutage(const CliOptions& options, Streams streams) : options_(options), streams_(streams) {}
    [[nodiscard]] bool on() const { return on_; }
    void failed(const bridge::Error& error) {
        if (!on_) {
            streams_.err << "ipmiprov: the BMC does not answer (" << error.message
                         << "); following on, asking again with back-off up to "
                         << std::chrono::duration_cast<std::chrono::seconds>(options_.outage_retry_max).count()
                         << " s\n";
            retry_ = options_.outage_retry_first;
        } else {
            retry_ = std::min(retry_ * 2, options_.outage_retry_max);
        }
        on_ = true;
    }
    void answered() {
        if (on_) streams_.err << "ipmiprov: the BMC answers again; following on\n";
        on_ = false;
    }
    void wait() const { sleep_unless_interrupted(retry_); }

private:
    const CliOptions& options_;
    Streams streams_;
    bool on_ = false;
    std::chrono::milliseconds retry_{0};
};

// Prints new entries as they come: after each event the driver delivers, or
// every poll interval where the interface has no event delivery.
}  // namespace

int sel_follow(bridge::Engine& engine, const CliOptions& options, Streams streams) {
    sel::SelReader reader(engine);
    auto position = reader.end_position();
    if (!position.ok()) return report_error(streams, position.error());
    const auto sensors_read = event_sensors(engine, options, streams);
    if (!sensors_read.ok()) return report_error(streams, sensors_read.error());
    const auto& sensors = *sensors_read;
    auto offset_reply = reader.utc_offset_minutes();
    if (!offset_reply.ok() && bridge::bmc_stopped_answering(offset_reply.error()))
        return report_error(streams, offset_reply.error());
    const UtcOffset offset = offset_reply.ok() ? *offset_reply : UtcOffset{};
    const bool events = engine.enable_events().ok();
    streams.err << "ipmiprov: following the SEL of " << engine.transport_description()
                << (events ? " (driver events)" : " (polling)") << "; Ctrl-C stops\n";
    g_interrupted = false;
    auto previous = std::signal(SIGINT, on_interrupt);
    std::size_t printed = 0;
    int status = kExitOk;
    FollowOutage outage(options, streams);
    while (!g_interrupted && (!options.max_events || printed < *options.max_events)) {
        if (outage.on()) {
            outage.wait();
        } else if (events) {
            auto event = engine.next_event(options.poll_interval);
            if (!event.ok() && !bridge::bmc_stopped_answering(event.error())) {
                status = report_error(streams, event.error());
                break;
            }
        } else {
            sleep_unless_interrupted(options.poll_interval);
        }
        if (g_interrupted) break;
        // From the last position the BMC answered for: nothing logged during an outage is lost.
        auto read = reader.read_new(*position);
        if (!read.ok() && bridge::bmc_stopped_answering(read.error())) {
            outage.failed(read.error());
            continue;
        }
        if (!read.ok()) {
            status = report_error(streams, read.error());
            break;
        }
        outage.answered();
        if (read->cleared) streams.err << "ipmiprov: note: the SEL was cleared\n";
        std::vector<sel::StoredEntry> fresh;
        for (const auto& entry : read->entries) fresh.push_back(describe(entry, sensors));
        fresh = filtered(fresh, options, offset);  // --name, --type, --record-id, --severity
        if (options.max_events && fresh.size() > *options.max_events - printed)
            fresh.resize(*options.max_events - printed);
        print_entries(streams, fresh, options, offset, true, &sensors);
        streams.out << std::flush;
        printed += fresh.size();
        *position = read->position;
    }
    std::signal(SIGINT, previous);
    return status;
}

namespace {

// What a subscription has delivered: where to resume after a reconnection.
struct FollowCursor {
    std::optional<std::uint64_t> after;
    std::optional<std::string> epoch;
};

// One pushed message: an entry printed (when the filters keep it), the rest
// said on stderr. Returns false when the subscription is to be opened again
// from the cursor (the daemon said this follower lost messages).
bool on_pushed(const ordered_json& message, const CliOptions& options, Streams streams, UtcOffset offset,
               FollowCursor& cursor, std::size_t& printed) {
    const auto kind = message.value("event", std::string());
    if (kind == "entry") {
        cursor.after = message.value("sequence", std::uint64_t{0});
        cursor.epoch = message.value("epoch", std::string());
        const auto& fields = message.at("entry");
        auto raw = sel::parse_raw(fields.value("raw", std::string()));
        if (!raw) return true;  // not a daemon of this protocol: nothing to print
        sel::StoredEntry stored{*raw, std::nullopt, fields.value("event", std::string())};
        if (fields.contains("sensor_name") && fields["sensor_name"].is_string())
            stored.sensor_name = fields["sensor_name"].get<std::string>();
        if (filtered({stored}, options, offset).empty()) return true;
        if (options.json || options.output == OutputFormat::Json)
            streams.out << bridge::json_text(fields) << '\n';  // the daemon's `sel list --json` object
        else
            print_entries(streams, {stored}, options, offset, true, nullptr);
        streams.out << std::flush;
        ++printed;
    } else if (kind == "cleared") {
        streams.err << "ipmiprov: note: the SEL was cleared\n";
    } else if (kind == "resync") {
        streams.err << "ipmiprov: note: ipmiprovd numbers the SEL anew; its entries follow again\n";
        cursor.epoch = message.value("epoch", std::string());
    } else if (kind == "lost") {
        streams.err << "ipmiprov: note: this follower fell " << message.value("count", 0)
                    << " messages behind; reading them again from ipmiprovd's store\n";
        cursor.after = message.value("after", std::uint64_t{0});
        cursor.epoch = message.value("epoch", std::string());
        return false;
    } else if (kind == "sel_almost_full" || kind == "sel_full") {
        streams.err << "ipmiprov: warning: the SEL is " << (kind == "sel_full" ? "full" : "almost full") << " ("
                    << message.value("entries", 0) << " entries, " << message.value("free_bytes", 0)
                    << " bytes free)\n";
    }
    return true;
}

}  // namespace

// Through ipmiprovd: its subscription pushes each new entry; a daemon that
// restarts or a follower that fell behind is subscribed to again from the
// last entry printed, so that nothing is lost or printed twice.
int sel_follow_daemon(bridge::DaemonClient& daemon, const CliOptions& options, Streams streams) {
    g_interrupted = false;
    auto previous = std::signal(SIGINT, on_interrupt);
    FollowCursor cursor;
    std::size_t printed = 0;
    int status = kExitOk;
    bool announced = false;
    FollowOutage outage(options, streams);
    while (!g_interrupted && (!options.max_events || printed < *options.max_events)) {
        if (outage.on()) outage.wait();
        if (g_interrupted) break;
        auto client = bridge::DaemonClient::connect(daemon.socket_path(), options.timeout + std::chrono::seconds(5));
        nlohmann::json request{{"op", "subscribe"}};
        if (cursor.after) request["after"] = *cursor.after;
        if (cursor.epoch) request["epoch"] = *cursor.epoch;
        auto reply = client.ok() ? (*client)->call(request, options.timeout + std::chrono::seconds(5))
                                 : bridge::Result<nlohmann::json>(client.error());
        if (!reply.ok() && reply.error().kind == bridge::ErrorKind::Transport) {
            outage.failed(reply.error());
            continue;
        }
        if (!reply.ok()) {
            status = report_error(streams, reply.error());
            break;
        }
        outage.answered();
        if (!cursor.epoch && (*reply)["epoch"].is_string()) {
            cursor.epoch = (*reply)["epoch"].get<std::string>();
            cursor.after = (*reply)["last"].get<std::uint64_t>();
        }
        const UtcOffset offset = (*reply).contains("utc_offset_minutes") && (*reply)["utc_offset_minutes"].is_number()
                                     ? UtcOffset((*reply)["utc_offset_minutes"].get<std::int16_t>())
                                     : UtcOffset{};
        if (!announced)
            streams.err << "ipmiprov: following the SEL of "
                        << daemon.hello().value("transport", std::string("the BMC"))
                        << " through ipmiprovd (pushed); Ctrl-C stops\n";
        announced = true;
        if (reply->value("missed", 0) > 0)
            streams.err << "ipmiprov: note: " << (*reply)["missed"]
                        << " entries left the SEL before they could be read\n";
        while (!g_interrupted && (!options.max_events || printed < *options.max_events)) {
            auto message = (*client)->receive(std::chrono::milliseconds(200));
            if (!message.ok()) {
                outage.failed(message.error());
                break;
            }
            if (!*message) continue;
            const auto parsed = ordered_json::parse(**message, nullptr, false);
            if (!parsed.is_object()) continue;
            if (!parsed.value("ok", true)) {
                status = report_error(streams, bridge::error_from_json(nlohmann::json::parse(**message)["error"]));
                g_interrupted = true;
                break;
            }
            if (!on_pushed(parsed, options, streams, offset, cursor, printed)) break;
        }
    }
    std::signal(SIGINT, previous);
    return status;
}

}  // namespace ipmiprov::cli
