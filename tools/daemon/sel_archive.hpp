// The archive-then-clear policy (`sel-archive-clear`, ipmiseld's --clear-sel
// as the anchor): when the SEL is at least `sel-almost-full` full, ipmiprovd
// writes every entry it holds to state-dir/sel-archive/ (raw, 16 bytes per
// entry: the format of `ipmiprov sel save` and ipmitool's `sel writeraw`,
// which `ipmitool sel readraw` and `ipmiprov sel restore` read), synced to
// disk, and only then clears the SEL, and only if no entry came in between
// (SelReader::clear_if_unchanged). It runs after the subscribers and the
// journal have had the same view: nothing is lost on the way.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "bridge/result.hpp"
#include "sel_store.hpp"

namespace ipmiprov::daemon {

struct SelArchiveOptions {
    bool enabled = false;
    std::filesystem::path state_dir;  // the archive goes to its sel-archive/
    unsigned threshold_percent = 90;
    std::function<void(const std::string&)> log;
};

// What the daemon does for it: clear the SEL if it still is as `info` says.
using ClearIfUnchanged = std::function<bridge::Result<bool>(const provider::sel::SelInfo& info)>;

class SelArchive {
public:
    explicit SelArchive(SelArchiveOptions options) : options_(std::move(options)) {}
    // When the policy is on and `view`'s SEL is full enough: archives and
    // clears. The archive file, or nullopt when nothing was done (off, not
    // full enough, or an entry came: the next view is tried again). Errors
    // (the archive could not be written: then nothing is cleared) are logged
    // once and returned.
    bridge::Result<std::optional<std::filesystem::path>> run(const SelView& view, const ClearIfUnchanged& clear);

    // state-dir/sel-archive/sel-<UTC time>-<first>-<last>.bin for the
    // entries numbered `first` to `last` in epoch `epoch`.
    [[nodiscard]] std::filesystem::path file_for(const std::string& epoch, std::uint64_t first,
                                                 std::uint64_t last) const;

private:
    SelArchiveOptions options_;
    bool failing_ = false;
    std::optional<provider::sel::SelInfo> cleared_;  // the SEL as it was when last archived and cleared
};

}  // namespace ipmiprov::daemon
