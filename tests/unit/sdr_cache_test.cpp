// The SDR cache on the simulated BMC: one Get SDR Repository Info decides
// whether the cached repository is used; stale, foreign and broken caches are
// reread; the write is atomic; controllers without a repository use device SDRs.
#include "provider/sdr/cache.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "bridge/sim_bmc.hpp"
#include "provider/store/atomic_file.hpp"

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

// A cache another user could have planted is not read: a symbolic link, a
// file another user owns or every user can write. It is said, the BMC is read,
// and the cache is written anew (the rename replaces the link, not its target).
TEST_F(Cache, AFileAnotherUserCouldHavePlantedIsNotTrusted) {
    ASSERT_TRUE(open().ok());
    const auto file = cache_file(directory, key);
    const auto good = store::read_whole_file(file);
    ASSERT_TRUE(good.ok()) << good.error().message;
    const auto elsewhere = directory / "target.json";
    fs::rename(file, elsewhere);
    fs::create_symlink(elsewhere, file);
    auto through_link = open();
    ASSERT_TRUE(through_link.ok());
    EXPECT_FALSE(through_link->from_cache);
    ASSERT_TRUE(through_link->cache_note.has_value());
    EXPECT_THAT(*through_link->cache_note, HasSubstr("symbolic link"));
    EXPECT_FALSE(fs::is_symlink(file)) << "written anew over the link";

    fs::permissions(file, fs::perms::others_write, fs::perm_options::add);
    auto writable = open();
    ASSERT_TRUE(writable.ok());
    EXPECT_FALSE(writable->from_cache);
    EXPECT_THAT(writable->cache_note.value_or(""), HasSubstr("writable by every user"));

    if (::geteuid() == 0) {  // only root can give a file away; CI runs as root
        ASSERT_EQ(::chown(file.c_str(), 65534, 65534), 0);
        fs::permissions(file, fs::perms::others_write, fs::perm_options::remove);
        auto foreign = open();
        ASSERT_TRUE(foreign.ok());
        EXPECT_FALSE(foreign->from_cache);
        EXPECT_THAT(foreign->cache_note.value_or(""), HasSubstr("owned by uid 65534"));
        // And a directory another user owns is not written to.
        ASSERT_EQ(::chown(directory.c_str(), 65534, 65534), 0);
        EXPECT_FALSE(store::write_atomically(directory / "x.json", "{}").ok());
    }
}

TEST(CacheDirectory, IsNeverASharedTemporaryDirectory) {
    const auto saved = [](const char* name) {
        const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): single-threaded test
        return value ? std::optional<std::string>(value) : std::nullopt;
    };
    const auto home = saved("HOME");
    const auto xdg = saved("XDG_CACHE_HOME");
    const auto own = saved("IPMIPROV_CACHE_DIR");
    ::unsetenv("HOME");                // NOLINT(concurrency-mt-unsafe)
    ::unsetenv("XDG_CACHE_HOME");      // NOLINT(concurrency-mt-unsafe)
    ::unsetenv("IPMIPROV_CACHE_DIR");  // NOLINT(concurrency-mt-unsafe)
    const auto chosen = default_cache_directory(false);
    for (const auto& [name, value] :
         {std::pair{"HOME", home}, std::pair{"XDG_CACHE_HOME", xdg}, std::pair{"IPMIPROV_CACHE_DIR", own}}) {
        if (value) ::setenv(name, value->c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
    }
    const auto temp = fs::temp_directory_path().string();
    EXPECT_NE(chosen.string().rfind(temp, 0), 0U) << chosen;
    if (::geteuid() == 0) {
        EXPECT_EQ(chosen, fs::path("/var/cache/ipmiprov/sdr"));
    }
    // Relative or empty: no cache, never the working directory.
    EXPECT_FALSE(store::write_atomically(fs::path("relative.json"), "{}").ok());
    EXPECT_FALSE(fs::exists("relative.json"));
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
