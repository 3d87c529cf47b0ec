// The SDR cache on the simulated BMC: one Get SDR Repository Info decides
// whether the cached repository is used; stale, foreign and broken caches are
// reread; the write is atomic; controllers without a repository use device SDRs.
#include "provider/sdr/cache.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "bridge/sim_bmc.hpp"

namespace ipmiprov::provider::sdr {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct Cache : ::testing::Test {
    bridge::sim::Fixture fixture = bridge::sim::builtin_fixture().value();
    fs::path directory = fs::temp_directory_path() / ("ipmiprov-cache-test-" + std::to_string(::getpid()) + "-" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
    CacheKey key{"sim builtin", 343, 0x0B42, 0x20};
    std::unique_ptr<bridge::Engine> engine;

    void SetUp() override { fs::remove_all(directory); }
    void TearDown() override { fs::remove_all(directory); }

    Result<OpenedRepository> open(CacheOptions options = {}) {
        options.directory = directory;
        bridge::EngineOptions engine_options;
        engine_options.sleep = [](std::chrono::milliseconds) {};
        engine = std::make_unique<bridge::Engine>(
            bridge::sim::make_sim_transport(std::make_shared<bridge::sim::SimBmc>(fixture), "sim"), engine_options);
        return open_repository(*engine, key, options);
    }
};

TEST_F(Cache, AWarmOpenCostsOneRequest) {
    auto cold = open();
    ASSERT_TRUE(cold.ok()) << cold.error().message;
    EXPECT_FALSE(cold->from_cache);
    EXPECT_TRUE(fs::exists(cache_file(directory, key)));
    auto warm = open();
    ASSERT_TRUE(warm.ok()) << warm.error().message;
    EXPECT_TRUE(warm->from_cache);
    EXPECT_EQ(engine->requests_sent(), 1U) << "Get SDR Repository Info only";
    ASSERT_EQ(warm->repository.records.size(), cold->repository.records.size());
    for (std::size_t i = 0; i < cold->repository.records.size(); ++i) {
        EXPECT_EQ(warm->repository.records[i].raw, cold->repository.records[i].raw);
    }
}

TEST_F(Cache, ARepositoryThatChangedIsReadAgain) {
    ASSERT_TRUE(open().ok());
    fixture.sdr_addition_timestamp += 60;
    auto reopened = open();
    ASSERT_TRUE(reopened.ok());
    EXPECT_FALSE(reopened->from_cache);
    ASSERT_TRUE(reopened->cache_note);
    EXPECT_THAT(*reopened->cache_note, HasSubstr("out of date"));
    EXPECT_TRUE(open()->from_cache) << "and the new read was cached";
}

TEST_F(Cache, FlushAndNoCache) {
    ASSERT_TRUE(open().ok());
    CacheOptions flush;
    flush.flush = true;
    EXPECT_FALSE(open(flush)->from_cache);
    fs::remove_all(directory);
    CacheOptions none;
    none.use = false;
    EXPECT_FALSE(open(none)->from_cache);
    EXPECT_FALSE(fs::exists(directory)) << "--no-cache writes nothing";
}

TEST_F(Cache, ABrokenOrForeignCacheIsReportedAndReplaced) {
    ASSERT_TRUE(open().ok());
    std::ofstream(cache_file(directory, key)) << "{ not json";
    auto reopened = open();
    ASSERT_TRUE(reopened.ok());
    EXPECT_FALSE(reopened->from_cache);
    ASSERT_TRUE(reopened->cache_note);
    EXPECT_THAT(*reopened->cache_note, HasSubstr("malformed"));
    EXPECT_TRUE(open()->from_cache);

    auto file = cache_file(directory, key);
    key.manufacturer_id = 1;  // another BMC on the same endpoint name
    fs::copy_file(file, cache_file(directory, key), fs::copy_options::overwrite_existing);
    auto other = load_cache(cache_file(directory, key), key);
    ASSERT_FALSE(other.ok());
    EXPECT_THAT(other.error().message, HasSubstr("another BMC"));
}

TEST_F(Cache, TheWriteLeavesNoTemporaryFiles) {
    ASSERT_TRUE(open().ok());
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(directory)) ++files;
    EXPECT_EQ(files, 1U);
}

TEST_F(Cache, ARecentCheckCanBeTrustedWithoutARequest) {
    ASSERT_TRUE(open().ok());
    CacheOptions trusting;
    trusting.trust_checked_within = std::chrono::minutes(5);
    auto trusted = open(trusting);
    ASSERT_TRUE(trusted.ok());
    EXPECT_TRUE(trusted->from_cache);
    EXPECT_EQ(engine->requests_sent(), 0U);

    fs::last_write_time(cache_file(directory, key), fs::file_time_type::clock::now() - std::chrono::minutes(10));
    auto checked = open(trusting);
    ASSERT_TRUE(checked.ok());
    EXPECT_TRUE(checked->from_cache);
    EXPECT_EQ(engine->requests_sent(), 1U) << "an older check is repeated";
    EXPECT_EQ(open(trusting).value().from_cache, true);
    EXPECT_EQ(engine->requests_sent(), 0U) << "and the repeated check renews the trust";
}

TEST_F(Cache, AControllerWithoutARepositoryIsReadThroughItsDeviceSdrs) {
    fixture.bmc.identity.device_support &= static_cast<std::uint8_t>(~0x02);
    fixture.bmc.identity.provides_device_sdrs = true;
    fixture.device_sdr = fixture.sdr;
    fixture.sdr.clear();
    auto opened = open();
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_TRUE(opened->device_sdrs);
    EXPECT_EQ(opened->repository.records.size(), fixture.device_sdr.size());
    EXPECT_TRUE(open()->from_cache);
}

TEST_F(Cache, NoRepositoryAndNoDeviceSdrsIsAClearError) {
    fixture.bmc.identity.device_support &= static_cast<std::uint8_t>(~0x02);
    fixture.bmc.identity.provides_device_sdrs = false;
    auto opened = open();
    ASSERT_FALSE(opened.ok());
    EXPECT_THAT(opened.error().message, HasSubstr("no SDR repository"));
}

}  // namespace
}  // namespace ipmiprov::provider::sdr
