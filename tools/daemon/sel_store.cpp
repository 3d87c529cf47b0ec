#include "sel_store.hpp"

namespace ipmiprov::daemon {

namespace sel = provider::sel;

std::shared_ptr<const SelView> make_sel_view(sel::SelJournal journal, const provider::cim::SelState& state) {
    auto view = std::make_shared<SelView>();
    view->snapshot.state = state;
    view->snapshot.entries.reserve(journal.entries.size());
    view->sequence.reserve(journal.entries.size());
    for (const auto& stored : journal.entries) {
        auto entry = sel::decode_entry(stored.raw);
        if (!entry.ok()) continue;  // 16 bytes always decode
        view->snapshot.entries.push_back(*entry);
        view->sequence.push_back(stored.sequence);
    }
    view->position = journal.position;
    view->last_sequence = journal.last_sequence;
    view->epoch = journal.epoch;
    view->journal = std::move(journal);
    return view;
}

SelStore::SelStore(const std::filesystem::path& state_dir, Log log)
    : file_(state_dir.empty() ? std::filesystem::path() : sel::sel_journal_file(state_dir)), log_(std::move(log)) {}

SelStore::Restored SelStore::restore(const std::string& endpoint) {
    if (file_.empty()) return Restored{sel::new_sel_journal(endpoint), true};
    auto loaded = sel::load_sel_journal(file_);
    if (loaded.ok() && loaded->endpoint == endpoint) return Restored{std::move(*loaded), false};
    auto fresh = sel::new_sel_journal(endpoint);
    if (loaded.ok()) {
        log_("SEL store " + file_.string() + " is of " + loaded->endpoint + ", not " + endpoint +
             "; starting a new one (epoch " + fresh.epoch + ")");
    } else if (loaded.error().kind != bridge::ErrorKind::NotFound) {
        log_(loaded.error().message + "; starting a new one (epoch " + fresh.epoch + ")");
    }
    return Restored{std::move(fresh), true};
}

void SelStore::save(const sel::SelJournal& journal) {
    if (file_.empty()) return;
    auto saved = sel::save_sel_journal(file_, journal);
    if (!saved.ok() && !save_failing_) log_("SEL store: " + saved.error().message + " (will retry)");
    if (saved.ok() && save_failing_) log_("SEL store: saved again");
    save_failing_ = !saved.ok();
}

}  // namespace ipmiprov::daemon
