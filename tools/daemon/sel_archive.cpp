#include "sel_archive.hpp"

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
    auto cleared = clear(info);
    if (!cleared.ok() || !*cleared) {
        std::filesystem::remove(file, ec);  // the next view is archived whole
        if (!cleared.ok()) return cleared.error();
        return Done();
    }
    cleared_ = info;
    if (options_.log)
        options_.log("SEL archive: " + std::to_string(view.snapshot.entries.size()) + " entries (" +
                     std::to_string(sel_fill_percent(info).value_or(100)) + " % full) saved to " + file.string() +
                     " and the SEL cleared");
    return Done(file);
}

}  // namespace ipmiprov::daemon
