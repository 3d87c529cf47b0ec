// The daemon's SEL store on disk (provider/sel/journal.hpp) and the SelView
// that clients read: restored at the first SEL read after a start, saved
// after every read that changed it. Problems are logged, never fatal: a store
// that cannot be read is replaced by a new one with a new epoch.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "provider/cim/model.hpp"
#include "provider/sel/journal.hpp"

namespace ipmiprov::daemon {

// The SEL as the daemon follows it: every entry with a sequence number that
// only grows within one epoch, so that clients can ask for what came after
// the last they saw, across daemon restarts too.
struct SelView {
    provider::cim::SelSnapshot snapshot;
    std::vector<std::uint64_t> sequence;  // one per entry
    provider::sel::Position position;
    std::uint64_t last_sequence = 0;
    std::string epoch;
    provider::sel::SelJournal journal;  // the same, as stored
};

// The view of a journal (its entries decoded) with the SEL's state.
std::shared_ptr<const SelView> make_sel_view(provider::sel::SelJournal journal, const provider::cim::SelState& state);

class SelStore {
public:
    using Log = std::function<void(const std::string&)>;
    // `state_dir` empty: nothing is kept on disk.
    SelStore(const std::filesystem::path& state_dir, Log log);

    struct Restored {
        provider::sel::SelJournal journal;
        bool fresh = true;  // nothing to go on from: read the whole SEL
    };
    // The stored journal when it is of `endpoint`; otherwise a new one.
    Restored restore(const std::string& endpoint);
    // Logs a failure once, and again once it works again.
    void save(const provider::sel::SelJournal& journal);

private:
    std::filesystem::path file_;
    Log log_;
    bool save_failing_ = false;
};

}  // namespace ipmiprov::daemon
