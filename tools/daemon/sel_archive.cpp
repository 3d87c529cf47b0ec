#include "sel_archive.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <ctime>

#include "provider/store/atomic_file.hpp"
#include "sel_events.hpp"

namespace ipmiprov::daemon {
namespace {

// "20261206T203000Z": sortable, no characters a file name cannot hold.
std::string utc_stamp() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32] = {};
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return text;
}

void sync_directory(const std::filesystem::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

std::filesystem::path SelArchive::file_for(const std::string& epoch, std::uint64_t first, std::uint64_t last) const {
    return options_.state_dir / "sel-archive" /
           ("sel-" + utc_stamp() + "-" + epoch + "-" + std::to_string(first) + "-" + std::to_string(last) + ".bin");
}

bridge::Result<std::optional<std::filesystem::path>> SelArchive::run(const SelView& view,
                                                                     const ClearIfUnchanged& clear) {
    using Done = std::optional<std::filesystem::path>;
    const auto& info = view.snapshot.state.info;
    // The view read before the clear stays current until the next SEL read: once is enough.
    if (!options_.enabled || view.snapshot.entries.empty() || (cleared_ && info == *cleared_) ||
        sel_fill(info, options_.threshold_percent) == SelFill::Normal)
        return Done();
    // A read that did not get every entry (a broken chain) is no archive of the SEL.
    if (view.snapshot.entries.size() != info.entries) return Done();
    if (options_.state_dir.empty()) {
        if (!failing_ && options_.log) options_.log("SEL archive: no state directory to archive to; not clearing");
        failing_ = true;
        return bridge::make_error(bridge::ErrorKind::InvalidArgument, "sel-archive-clear needs a state directory");
    }
    std::string raw;
    raw.reserve(view.snapshot.entries.size() * 16);
    for (const auto& entry : view.snapshot.entries) raw.append(entry.raw.begin(), entry.raw.end());
    const auto file = file_for(view.epoch, view.sequence.front(), view.sequence.back());
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) return Done();  // the same entries, archived this second already
    std::filesystem::create_directories(file.parent_path(), ec);
    auto written = provider::store::write_atomically(file, raw);
    if (!written.ok()) {
        if (!failing_ && options_.log)
            options_.log("SEL archive: cannot write " + file.string() + " (" + written.error().message +
                         "); the SEL is not cleared");
        failing_ = true;
        return written.error();
    }
    failing_ = false;
    sync_directory(file.parent_path());  // the rename itself on disk before anything is cleared
    auto cleared = clear(info);
    if (cleared.ok() && !*cleared) {
        std::filesystem::remove(file, ec);  // nothing cleared: the next view is archived whole
        return Done();
    }
    // An error may come after the BMC erased the SEL (a lost reply, a
    // timed-out erasure): the archive stays; a second one is harmless.
    if (!cleared.ok()) return cleared.error();
    cleared_ = info;
    if (options_.log)
        options_.log("SEL archive: " + std::to_string(view.snapshot.entries.size()) + " entries (" +
                     std::to_string(sel_fill_percent(info).value_or(100)) + " % full) saved to " + file.string() +
                     " and the SEL cleared");
    return Done(file);
}

}  // namespace ipmiprov::daemon
