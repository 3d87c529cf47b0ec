// The daemon's snapshots on disk (`snapshots.json` in its state directory,
// beside the SEL store): the device, the SDR records with the last samples
// of every sensor, and the SEL's state, written atomically when they change.
// A restarted daemon serves them at once, at their true age, while it reads
// what is new; a file of another connection, malformed or too large, is
// logged and set aside, never fatal.
#pragma once

#include <array>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "provider/bmc/users.hpp"
#include "provider/cim/model.hpp"
#include "provider/fru/reader.hpp"

namespace ipmiprov::daemon {

// A stored file larger than this is not one the daemon wrote (65535 SDR records take ~40 MB at most in hex;
// real repositories a few hundred KB).
inline constexpr std::size_t kMaxSnapshotFileBytes = std::size_t{64} * 1024 * 1024;

// Get System GUID (§22.14) as the daemon holds it: its 16 bytes, or the
// BMC's refusal in words (kept like an answer: asking again says the same).
struct SystemGuid {
    std::optional<std::array<std::uint8_t, 16>> guid;
    std::string refusal;
};

struct StoredSnapshots {
    std::string identity;  // the connection as configured (connection_identity): whose data it is
    std::string endpoint;  // the transport it was read through
    std::chrono::system_clock::time_point saved_at;
    std::optional<std::vector<std::uint8_t>> device;  // Get Device ID data
    std::optional<SystemGuid> system_guid;
    // The inventory (issue 24), read with `sensors`' SDR.
    std::shared_ptr<const std::vector<provider::fru::DeviceReport>> fru;
    std::shared_ptr<const provider::bmc::Users> users;
    std::shared_ptr<const provider::cim::SensorSnapshot> sensors;
    std::optional<provider::cim::SelState> sel_state;
    std::optional<provider::sel::AllocationInfo> sel_allocation;
};

std::string serialise_snapshots(const StoredSnapshots& snapshots);
// Protocol naming the field when malformed.
bridge::Result<StoredSnapshots> parse_snapshots(const std::string& text);

class SnapshotStore {
public:
    using Log = std::function<void(const std::string&)>;
    // `state_dir` empty: nothing is kept.
    SnapshotStore(const std::filesystem::path& state_dir, Log log);

    // The stored snapshots of this connection, if any.
    std::optional<StoredSnapshots> load(const std::string& identity);
    // Logs a failure once, and again once it works again.
    void save(const StoredSnapshots& snapshots);

private:
    std::filesystem::path file_;
    Log log_;
    bool save_failing_ = false;
};

}  // namespace ipmiprov::daemon
