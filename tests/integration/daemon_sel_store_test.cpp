// Issue 18 with real programs: ipmiprovd in front of ipmi_sim, killed with
// SIGKILL and started again while ipmi_sim logs entries; a follower of
// new_records resumes with its cursor and epoch and gets every entry logged
// meanwhile, once. Entries deleted with `ipmitool sel delete` are no clear.
// Also the CLI's SEL store (`sel list`) after deletions.
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "daemon_harness.hpp"
#include "ipmi_sim_harness.hpp"
#include "process.hpp"

namespace ipmiprov::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

struct DaemonAgainstIpmiSimSelStore : ::testing::Test {
    IpmiSim sim{IPMIPROV_IPMISIM_FIXTURE};
    TempDir dir{"ipmiprovd-sel-store-"};

    // Add SEL Entry (§31.6) through ipmitool: a PS1 Status presence event.
    void add_entry() {
        auto added = run(concat(sim.ipmitool(), {"raw", "0x0a", "0x44", "0", "0", "2", "0", "0", "0", "0", "0x20", "0",
                                                 "4", "8", "4", "0x6f", "0", "0xff", "0xff"}));
        ASSERT_EQ(added.exit_code, 0) << added.err;
    }
    std::vector<int> sel_ids() {
        auto elist = run(concat(sim.ipmitool(), {"sel", "elist"}));
        EXPECT_EQ(elist.exit_code, 0) << elist.err;
        return ipmitool_ids(elist.out);
    }
    static std::vector<std::string> daemon_options() { return {"--max-age", "0", "--sel-interval", "0.2"}; }
};

std::vector<int> record_ids(const json& reply) {
    std::vector<int> ids;
    for (const auto& record : reply["records"])
        for (const auto& property : record["properties"])
            if (property["name"] == "RecordID") ids.push_back(std::stoi(property["value"].get<std::string>()));
    return ids;
}

json new_records(const std::string& socket, std::uint64_t after, const std::string& epoch) {
    Client client(socket);
    return client.call({{"op", "new_records"}, {"after", after}, {"epoch", epoch}});
}

TEST_F(DaemonAgainstIpmiSimSelStore, AFollowerResumesAfterKillNineWithNoLossAndNoDuplicate) {
    std::uint64_t last = 0;
    std::string epoch;
    int newest = 0;
    {
        auto daemon = std::make_unique<Daemon>(lan_daemon_args(sim, dir.path()), dir.path(), daemon_options());
        Client client(daemon->socket());
        const auto start = client.call({{"op", "new_records"}});
        ASSERT_EQ(start["ok"], true) << start.dump();
        ASSERT_TRUE(start["epoch"].is_string()) << start.dump();
        add_entry();
        newest = sel_ids().back();
        const auto next = new_records(daemon->socket(), start["last"], start["epoch"]);
        ASSERT_EQ(next["ok"], true) << next.dump();
        EXPECT_EQ(record_ids(next), std::vector<int>{newest});
        last = next["last"];
        epoch = next["epoch"];
        ASSERT_EQ(::kill(daemon->pid(), SIGKILL), 0);
        for (int i = 0; i < 100 && Client(daemon->socket()).connected(); ++i) std::this_thread::sleep_for(50ms);
    }
    add_entry();  // while no daemon runs
    add_entry();
    const auto ids = sel_ids();
    Daemon restarted(lan_daemon_args(sim, dir.path()), dir.path(), daemon_options());
    const auto resumed = new_records(restarted.socket(), last, epoch);
    ASSERT_EQ(resumed["ok"], true) << resumed.dump() << restarted.log();
    EXPECT_EQ(resumed["epoch"], epoch) << restarted.log();
    EXPECT_FALSE(resumed.contains("resync")) << restarted.log();
    EXPECT_EQ(record_ids(resumed), (std::vector<int>{ids[ids.size() - 2], ids.back()})) << resumed.dump();
    EXPECT_EQ(resumed["last"], last + 2);
    EXPECT_EQ(record_ids(new_records(restarted.socket(), resumed["last"], epoch)), std::vector<int>{});
}

TEST_F(DaemonAgainstIpmiSimSelStore, DeletedEntriesAreNoClearAndNewOnesComeOnce) {
    Daemon daemon(lan_daemon_args(sim, dir.path()), dir.path(), daemon_options());
    Client client(daemon.socket());
    const auto start = client.call({{"op", "new_records"}});
    ASSERT_EQ(start["ok"], true) << start.dump();
    const auto before = sel_ids();
    ASSERT_GE(before.size(), 3U);
    // The last entry read, and an old one.
    for (int id : {before.back(), before.front()}) {
        auto deleted = run(concat(sim.ipmitool(), {"sel", "delete", std::to_string(id)}));
        ASSERT_EQ(deleted.exit_code, 0) << deleted.err << deleted.out;
    }
    add_entry();
    const auto now = sel_ids();
    const auto next = new_records(daemon.socket(), start["last"], start["epoch"]);
    ASSERT_EQ(next["ok"], true) << next.dump();
    EXPECT_FALSE(next.contains("resync"));
    EXPECT_EQ(record_ids(next), std::vector<int>{now.back()});
    EXPECT_EQ(next["last"], start["last"].get<std::uint64_t>() + 1);
    // The CLI's own store: what the BMC holds, each entry once.
    TempDir cache("ipmiprov-sel-store-cli-");
    auto first = ipmiprov_over_lan(sim, cache.path(), {"sel", "list", "--json"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    // Get SEL Info counts in seconds: a deletion and an addition within the
    // second of the last read change nothing it shows (seen at the next change).
    std::this_thread::sleep_for(1100ms);
    ASSERT_TRUE(run(concat(sim.ipmitool(), {"sel", "delete", std::to_string(now[1])})).exit_code == 0);
    add_entry();
    auto listed = ipmiprov_over_lan(sim, cache.path(), {"sel", "list", "--json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(listed.err.find("cleared"), std::string::npos) << listed.err;
    std::vector<int> listed_ids;
    for (const auto& entry : json::parse(listed.out)) listed_ids.push_back(entry["record_id"]);
    EXPECT_EQ(listed_ids, sel_ids());
}

}  // namespace
}  // namespace ipmiprov::testing
