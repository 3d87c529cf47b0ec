// Linux's panic string in the SEL (panic.hpp): the kernel's F0h records one
// by one, joined across a run, and what is no such run (bad padding,
// numbers out of turn, runs without their start); then `sel list` on a
// simulated BMC that holds a panic.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli_runner.hpp"
#include "exit_codes.hpp"
#include "provider/sel/entry_output.hpp"
#include "provider/sel/panic.hpp"

namespace ipmiprov::provider::sel {
namespace {

// A record as send_panic_events writes it: F0h, address, sequence, 11 bytes zero-padded.
RawEntry chunk(std::uint8_t sequence, std::string_view text, std::uint8_t address = 0x20) {
    RawEntry raw{0x00, 0x00, 0xF0, address, sequence};
    for (std::size_t i = 0; i < text.size() && i < kPanicCharsPerRecord; ++i)
        raw[5 + i] = static_cast<std::uint8_t>(text[i]);
    return raw;
}

// The kernel's panic event (OS Critical Stop, run-time critical stop, the
// first three characters of the text as sensor number and event data 2-3).
const RawEntry kPanicEvent{0x00, 0x00, 0x02, 0, 0, 0, 0, 0x41, 0x00, 0x03, 0x20, 's', 0x6F, 0xA1, 'y', 's'};

TEST(PanicChunk, DecodesTheKernelsLayout) {
    const auto full = decode_panic_chunk(chunk(0, "sysrq trigg"));
    ASSERT_TRUE(full);
    EXPECT_EQ(full->address, 0x20);
    EXPECT_EQ(full->sequence, 0);
    EXPECT_EQ(full->text, "sysrq trigg");
    EXPECT_FALSE(full->last) << "11 characters: strncpy wrote no zero";
    const auto padded = decode_panic_chunk(chunk(1, "ered crash"));
    ASSERT_TRUE(padded);
    EXPECT_EQ(padded->text, "ered crash");
    EXPECT_TRUE(padded->last);
    EXPECT_EQ(panic_chunk_text(*padded), "Kernel panic text, part 2: \"ered crash\"");
}

TEST(PanicChunk, RefusesWhatTheKernelCannotHaveWritten) {
    EXPECT_FALSE(decode_panic_chunk(kPanicEvent)) << "not F0h";
    auto other_oem = chunk(0, "abc");
    other_oem[2] = 0xE0;
    EXPECT_FALSE(decode_panic_chunk(other_oem));
    EXPECT_FALSE(decode_panic_chunk(chunk(0, "abc", 0x00))) << "no IPMB address: another vendor's F0h record";
    EXPECT_FALSE(decode_panic_chunk(chunk(0, "abc", 0x21))) << "an odd address is no IPMB slave address";
    auto after_zero = chunk(0, "abc");
    after_zero[10] = 'x';  // a character after the padding began
    EXPECT_FALSE(decode_panic_chunk(after_zero));
    const auto empty = decode_panic_chunk(chunk(3, ""));
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->text, "");
    EXPECT_TRUE(empty->last);
}

TEST(PanicChunk, NonPrintableBytesAreEscaped) {
    auto raw = chunk(0, "a");
    raw[6] = 0x0A;
    raw[7] = 0xFF;
    raw[8] = 0x7F;
    raw[9] = '"';
    const auto decoded = decode_panic_chunk(raw);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->text, "a\\x0a\\xff\\x7f\"");
}

TEST(JoinPanicChunks, OneRunAfterThePanicEvent) {
    const std::vector<RawEntry> entries{kPanicEvent, chunk(0, "sysrq trigg"), chunk(1, "ered crash")};
    const auto runs = join_panic_chunks(entries);
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].first, 1U);
    EXPECT_EQ(runs[0].records, (std::vector<std::size_t>{1, 2}));
    EXPECT_EQ(runs[0].text, "sysrq triggered crash");
    EXPECT_TRUE(runs[0].ends_in_a_padded_record);
}

TEST(JoinPanicChunks, OtherRecordsInBetweenAreSkipped) {
    const std::vector<RawEntry> entries{chunk(0, "Kernel pani"), kPanicEvent, chunk(1, "c - not syn"),
                                        chunk(2, "cing")};
    const auto runs = join_panic_chunks(entries);
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].text, "Kernel panic - not syncing");
    EXPECT_EQ(runs[0].records, (std::vector<std::size_t>{0, 2, 3}));
}

// A text of a multiple of 11 characters has no padded record: the run ends
// with the SEL, or where the next run starts.
TEST(JoinPanicChunks, ATextOfWholeRecordsEndsAtTheNextStart) {
    const std::vector<RawEntry> entries{chunk(0, "0123456789a"), chunk(1, "bcdefghijkl"), chunk(0, "second")};
    const auto runs = join_panic_chunks(entries);
    ASSERT_EQ(runs.size(), 2U);
    EXPECT_EQ(runs[0].text, "0123456789abcdefghijkl");
    EXPECT_FALSE(runs[0].ends_in_a_padded_record);
    EXPECT_EQ(runs[1].first, 2U);
    EXPECT_EQ(runs[1].text, "second");
}

TEST(JoinPanicChunks, InterruptedRunsAndRunsWithoutTheirStart) {
    // 1 is missing: the run ends at 0; 2 has no start of its own.
    const std::vector<RawEntry> gap{chunk(0, "Kernel pani"), chunk(2, "cing")};
    auto runs = join_panic_chunks(gap);
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].text, "Kernel pani");
    EXPECT_EQ(runs[0].records, (std::vector<std::size_t>{0}));
    // The first records overwritten: nothing to join.
    EXPECT_TRUE(join_panic_chunks(std::vector<RawEntry>{chunk(4, "abc"), chunk(5, "")}).empty());
    // Another address (a second interface's kernel) ends the run.
    runs = join_panic_chunks(std::vector<RawEntry>{chunk(0, "0123456789a"), chunk(1, "xyz", 0x22)});
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].text, "0123456789a");
    EXPECT_TRUE(join_panic_chunks(std::vector<RawEntry>{}).empty());
}

// The sequence is a byte in the kernel's record: it wraps after 255.
TEST(JoinPanicChunks, TheSequenceWraps) {
    std::vector<RawEntry> entries;
    entries.reserve(258);
    for (int i = 0; i < 257; ++i) entries.push_back(chunk(static_cast<std::uint8_t>(i), "abcdefghijk"));
    entries.push_back(chunk(1, "end"));
    const auto runs = join_panic_chunks(entries);
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].records.size(), 258U);
    EXPECT_TRUE(runs[0].text.ends_with("abcdefghijkend"));
}

TEST(DescribePanicTexts, TheFirstRecordOfARunCarriesTheText) {
    std::vector<StoredEntry> entries;
    for (const auto& raw : {kPanicEvent, chunk(0, "sysrq trigg"), chunk(1, "ered crash")}) {
        auto decoded = decode_entry(raw);
        ASSERT_TRUE(decoded.ok());
        entries.push_back(describe(*decoded, {}));
    }
    EXPECT_EQ(entries[1].event, "Kernel panic text, part 1: \"sysrq trigg\"");
    describe_panic_texts(entries);
    EXPECT_FALSE(entries[0].panic_text);
    EXPECT_EQ(entries[1].event, "Kernel panic: sysrq triggered crash");
    EXPECT_EQ(entries[1].panic_text, std::optional<std::string>("sysrq triggered crash"));
    EXPECT_EQ(entries[2].event, "Kernel panic text, part 2: \"ered crash\"");
    EXPECT_FALSE(entries[2].panic_text);
}

}  // namespace
}  // namespace ipmiprov::provider::sel

namespace ipmiprov::cli {
namespace {

// The built-in fixture with a panic's records appended.
class SelListOfAPanic : public ::testing::Test {
protected:
    void SetUp() override {
        const auto builtin =
            std::filesystem::path(IPMIPROV_TEST_FIXTURES) / ".." / ".." / "driver-bridge" / "fixtures" / "builtin.json";
        std::ifstream in(builtin);
        auto fixture = nlohmann::json::parse(in);
        auto& entries = fixture["sel"]["entries"];
        entries.push_back("0000 02 00000000 4100 03 20 73 6f a1 79 73");
        entries.push_back("0000 f0 20 00 73 79 73 72 71 20 74 72 69 67 67");  // "sysrq trigg"
        entries.push_back("0000 f0 20 01 65 72 65 64 20 63 72 61 73 68 00");  // "ered crash"
        std::ofstream(path_) << fixture.dump();
    }
    void TearDown() override { std::filesystem::remove(path_); }
    std::filesystem::path path_ =
        std::filesystem::temp_directory_path() / ("ipmiprov-panic-" + std::to_string(::getpid()) + ".json");
};

TEST_F(SelListOfAPanic, TheTextJoinedInTextAndJson) {
    auto json = run_ipmiprov({"--sim", path_.string(), "sel", "list", "--json", "--no-cache"});
    ASSERT_EQ(json.code, kExitOk) << json.err;
    const auto entries = nlohmann::json::parse(json.out);
    ASSERT_EQ(entries.size(), 6U);
    EXPECT_EQ(entries[3]["sensor_type"], "OS Stop / Shutdown");
    EXPECT_TRUE(entries[3]["panic_text"].is_null());
    EXPECT_EQ(entries[4]["event"], "Kernel panic: sysrq triggered crash");
    EXPECT_EQ(entries[4]["panic_text"], "sysrq triggered crash");
    EXPECT_EQ(entries[5]["event"], "Kernel panic text, part 2: \"ered crash\"");
    EXPECT_TRUE(entries[5]["panic_text"].is_null());

    auto text = run_ipmiprov({"--sim", path_.string(), "sel", "list", "--no-cache"});
    ASSERT_EQ(text.code, kExitOk) << text.err;
    EXPECT_THAT(text.out, ::testing::HasSubstr("Kernel panic: sysrq triggered crash\n"));
    // Joined before --last cuts the run: the last record alone keeps its part.
    auto last = run_ipmiprov({"--sim", path_.string(), "sel", "list", "--json", "--no-cache", "--last", "2"});
    ASSERT_EQ(last.code, kExitOk) << last.err;
    EXPECT_EQ(nlohmann::json::parse(last.out)[0]["panic_text"], "sysrq triggered crash");
}

}  // namespace
}  // namespace ipmiprov::cli
