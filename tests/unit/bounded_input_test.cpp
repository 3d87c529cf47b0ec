// Input that once could hang or be misread: files named by users read with a
// bound, option words that Boost.Program_options' error text looped on, and
// the strict hex decoder of both caches.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "bridge/connect.hpp"
#include "bridge/json_number.hpp"
#include "bridge/message.hpp"
#include "bridge/sim_bmc.hpp"
#include "bridge/text_file.hpp"
#include "config.hpp"
#include "provider/sdr/cache.hpp"
#include "provider/sel/store.hpp"

namespace ipmiprov {
namespace {

namespace fs = std::filesystem;

fs::path write_temp(const std::string& name, const std::string& content) {
    auto path = fs::temp_directory_path() / ("ipmiprov-text-file-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

TEST(ParseHex, IsTheInverseOfHex) {
    const std::vector<std::uint8_t> bytes{0x00, 0x1f, 0xA0, 0xff};
    EXPECT_EQ(bridge::parse_hex(bridge::hex(bytes)), bytes);
    EXPECT_EQ(bridge::parse_hex(bridge::hex(bytes, bridge::HexCase::Upper)), bytes);
    EXPECT_EQ(bridge::parse_hex(""), std::vector<std::uint8_t>{});
}

TEST(ParseHex, RefusesAnythingElse) {
    for (const char* text : {"0", "0g", "-1", "+f", "01  02", "01 ", " 01", "0102", "01,02", "1 02", "01 2"})
        EXPECT_EQ(bridge::parse_hex(text), std::nullopt) << '"' << text << '"';
}

TEST(ReadFilePrefix, StopsAtTheLimitOfAnEndlessFile) {
    const auto prefix = bridge::read_file_prefix("/dev/zero", 100);
    ASSERT_TRUE(prefix.ok()) << prefix.error().message;
    EXPECT_EQ(prefix->text, std::string(100, '\0'));
    EXPECT_FALSE(prefix->complete);
}

TEST(ReadFilePrefix, ReadsASmallFileWhole) {
    const auto path = write_temp("small", "abc\n");
    const auto prefix = bridge::read_file_prefix(path, 4);
    ASSERT_TRUE(prefix.ok());
    EXPECT_EQ(prefix->text, "abc\n");
    EXPECT_TRUE(prefix->complete) << "exactly the limit is complete";
    fs::remove(path);
}

TEST(ReadFilePrefix, AFifoWithoutAWriterIsEmptyNotAWait) {
    const auto path = fs::temp_directory_path() / ("ipmiprov-text-file-fifo-" + std::to_string(::getpid()));
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
    const auto prefix = bridge::read_file_prefix(path, 100);
    fs::remove(path);
    ASSERT_TRUE(prefix.ok()) << prefix.error().message;
    EXPECT_EQ(prefix->text, "");
    EXPECT_TRUE(prefix->complete);
}

TEST(ReadBoundedFile, ALargerFileIsNamedWithTheLimit) {
    const auto big = bridge::read_bounded_file("/dev/zero", 10, "fixture");
    ASSERT_FALSE(big.ok());
    EXPECT_EQ(big.error().kind, bridge::ErrorKind::InvalidArgument);
    EXPECT_EQ(big.error().message, "fixture /dev/zero is larger than 10 bytes");
    const auto missing = bridge::read_bounded_file("/nonexistent/x", 10, "fixture");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, bridge::ErrorKind::NotFound);
    EXPECT_NE(missing.error().message.find("No such file or directory"), std::string::npos) << missing.error().message;
}

TEST(PasswordFile, TheFirstLineOnlyAndNeverAnEndlessRead) {
    const auto path = write_temp("password", "secret\r\nsecond line\n");
    EXPECT_EQ(bridge::read_password_file(path.string()).value(), "secret");
    fs::remove(path);
    const auto endless = bridge::read_password_file("/dev/zero");
    ASSERT_FALSE(endless.ok());
    EXPECT_EQ(endless.error().message, "--password-file: the first line of /dev/zero is longer than 4096 bytes");
    EXPECT_EQ(bridge::read_password_file("/dev/null").value(), "") << "an empty file is an empty password";
}

TEST(FixtureFile, AnEndlessFileIsAnErrorNotAHang) {
    const auto fixture = bridge::sim::load_fixture("/dev/zero");
    ASSERT_FALSE(fixture.ok());
    EXPECT_EQ(fixture.error().message, "fixture /dev/zero is larger than 67108864 bytes");
}

TEST(DaemonConfigFile, AnEndlessFileIsAnErrorNotAHang) {
    const auto config = daemon::parse_daemon_config({"ipmiprovd", "--config", "/dev/zero"});
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().message, "the config file /dev/zero is larger than 1048576 bytes");
}

TEST(DaemonOptions, AWordHoldingAPlaceholderOfTheParsersMessagesIsAnErrorNotAHang) {
    const auto unknown = daemon::parse_daemon_config({"ipmiprovd", "--x%canonical_option%"});
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().message, "the option \"--x%canonical_option%\" or its value is not valid");
    const auto bad_value = daemon::parse_daemon_config({"ipmiprovd", "--timeout", "1%value%"});
    ASSERT_FALSE(bad_value.ok());
    EXPECT_EQ(bad_value.error().message, "the option \"--timeout\" or its value is not valid");
}

TEST(JsonInteger, OnlyIntegersThatFit) {
    using nlohmann::json;
    EXPECT_EQ(bridge::json_integer<std::uint8_t>(json(255)), 255);
    EXPECT_EQ(bridge::json_integer<std::uint8_t>(json(256)), std::nullopt);
    EXPECT_EQ(bridge::json_integer<std::uint8_t>(json(-1)), std::nullopt);
    EXPECT_EQ(bridge::json_integer<std::int16_t>(json(-32768)), -32768);
    EXPECT_EQ(bridge::json_integer<std::int16_t>(json(40000)), std::nullopt);
    // Read with get<>(), 1.7e21 as a uint32 was undefined behaviour (the stored_files fuzz target).
    EXPECT_EQ(bridge::json_integer<std::uint32_t>(json(1.68889e21)), std::nullopt);
    EXPECT_EQ(bridge::json_integer<std::uint32_t>(json(1.0)), std::nullopt) << "a float is no integer";
    EXPECT_EQ(bridge::json_integer<std::uint32_t>(json("1")), std::nullopt);
}

TEST(SdrCacheText, AFloatOrOutOfRangeTimestampIsMalformed) {
    const provider::sdr::CacheKey key{"sim test", 1, 2, 0x20};
    const auto text = provider::sdr::cache_text(key, provider::sdr::Repository{});
    ASSERT_TRUE(provider::sdr::parse_cache(text, key, "t").ok());
    for (const char* value : {"1.68889e+21", "4294967296", "-1"}) {
        auto altered = text;
        const auto at = altered.find("\"addition_timestamp\": 0");
        ASSERT_NE(at, std::string::npos) << text;
        altered.replace(at, 23, std::string("\"addition_timestamp\": ") + value);
        const auto loaded = provider::sdr::parse_cache(altered, key, "t");
        ASSERT_FALSE(loaded.ok()) << value;
        EXPECT_EQ(loaded.error().message, "cache t is malformed");
    }
}

TEST(SdrCacheText, ARecordThatIsNotExactHexIsMalformed) {
    const provider::sdr::CacheKey key{"sim test", 1, 2, 0x20};
    provider::sdr::Repository repository;
    const auto mc_locator = bridge::parse_hex("01 00 51 12 0e 20 00 00 29 00 00 00 06 01 00 c3 42 4d 43").value();
    repository.records.push_back(provider::sdr::decode_record(mc_locator).value());
    const auto text = provider::sdr::cache_text(key, repository);
    ASSERT_TRUE(provider::sdr::parse_cache(text, key, "t").ok());
    // Before the strict decoder, "-2" read as FEh and the record loaded altered.
    auto altered = text;
    altered.replace(altered.find("c3 42 4d 43"), 11, "c3 -2 4d 43");
    const auto loaded = provider::sdr::parse_cache(altered, key, "t");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().message, "cache t is malformed");
}

TEST(SelStoreText, AnEntryOfOtherThanSixteenBytesIsMalformed) {
    const std::string text =
        R"({"format":1,"endpoint":"e","position":{"last_record_id":1,"entries":1,"addition_timestamp":0,)"
        R"("erase_timestamp":0},"utc_offset_minutes":null,"entries":[{"raw":"01 00 02 00 00 00 00 20 00 04 01 01 01 )"
        R"(57 2a","sensor_name":null,"event":"x"}]})";
    const auto loaded = provider::sel::parse_sel_store(text, "e", "s");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().message, "SEL store s is malformed");
    auto whole = text;
    whole.replace(whole.find("57 2a"), 5, "57 2a 28");
    EXPECT_TRUE(provider::sel::parse_sel_store(whole, "e", "s").ok());
}

}  // namespace
}  // namespace ipmiprov
