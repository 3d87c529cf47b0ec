// ipmi_msghandler's panic_op (bridge/panic_op.hpp) on a sysfs tree of the
// test's own: read, written, not loaded, not readable; and `info`, which
// shows it only for the kernel device.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "bridge/panic_op.hpp"
#include "cli_runner.hpp"
#include "config.hpp"
#include "exit_codes.hpp"

namespace ipmiprov::bridge {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class PanicOp : public ::testing::Test {
protected:
    void TearDown() override { fs::remove_all(root_); }
    void load(const std::string& contents) {
        fs::create_directories(panic_op_file(root_).parent_path());
        std::ofstream(panic_op_file(root_)) << contents;
    }
    fs::path root_ = fs::temp_directory_path() / ("ipmiprov-sysfs-" + std::to_string(::getpid()));
};

TEST_F(PanicOp, ReadAsTheKernelPrintsIt) {
    load("string\n");
    const auto setting = read_panic_op(root_);
    EXPECT_TRUE(setting.loaded);
    EXPECT_EQ(setting.value, std::optional<std::string>("string"));
    EXPECT_EQ(panic_op_text(setting), "string (a panic logs its event and its text)");
    load("none");  // kernels before 5.10 printed it without a newline
    EXPECT_EQ(read_panic_op(root_).value, std::optional<std::string>("none"));
    EXPECT_EQ(panic_op_text(read_panic_op(root_)), "none (a panic is not logged in the SEL)");
}

TEST_F(PanicOp, NotLoadedAndNotReadable) {
    const auto absent = read_panic_op(root_);
    EXPECT_FALSE(absent.loaded);
    EXPECT_FALSE(absent.value);
    EXPECT_EQ(panic_op_text(absent), "not loaded (ipmi_msghandler)");
    fs::create_directories(panic_op_file(root_));  // a directory where the file should be
    const auto unreadable = read_panic_op(root_);
    EXPECT_TRUE(unreadable.loaded);
    EXPECT_FALSE(unreadable.value);
    EXPECT_THAT(panic_op_text(unreadable), HasSubstr("unknown: cannot read " + panic_op_file(root_).string()));
}

TEST_F(PanicOp, WrittenOrTheReasonWhyNot) {
    auto not_loaded = write_panic_op("string", root_);
    ASSERT_FALSE(not_loaded.ok());
    EXPECT_EQ(not_loaded.error().kind, ErrorKind::NotFound);
    EXPECT_THAT(not_loaded.error().message, HasSubstr("module ipmi_msghandler is not loaded"));
    EXPECT_EQ(write_panic_op("panic", root_).error().kind, ErrorKind::InvalidArgument);
    load("none\n");
    ASSERT_TRUE(write_panic_op("string", root_).ok());
    EXPECT_EQ(read_panic_op(root_).value, std::optional<std::string>("string"));
    fs::remove(panic_op_file(root_));
    fs::create_directories(panic_op_file(root_));
    auto refused = write_panic_op("event", root_);
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.error().message, HasSubstr("cannot set panic_op to event: " + panic_op_file(root_).string()));
    EXPECT_TRUE(is_panic_op("event"));
    EXPECT_FALSE(is_panic_op("Event"));
}

}  // namespace
}  // namespace ipmiprov::bridge

namespace ipmiprov::cli {
namespace {

// Over anything but the kernel device the host's setting says nothing of the BMC's host.
TEST(InfoPanicOp, OnlyForTheKernelDevice) {
    auto json = run_ipmiprov({"--sim", "builtin", "info", "--json"});
    ASSERT_EQ(json.code, kExitOk) << json.err;
    const auto parsed = nlohmann::json::parse(json.out);
    ASSERT_TRUE(parsed.contains("panic_op"));
    EXPECT_TRUE(parsed["panic_op"].is_null());
    auto text = run_ipmiprov({"--sim", "builtin", "info"});
    ASSERT_EQ(text.code, kExitOk) << text.err;
    EXPECT_EQ(text.out.find("panic_op"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace ipmiprov::cli

namespace ipmiprov::daemon {
namespace {

// ipmiprovd's panic-op: the kernel's three words, on the command line or in the file, named when wrong.
TEST(DaemonPanicOp, TheKernelsWordsOnly) {
    auto set = parse_daemon_config({"ipmiprovd", "--config", "/dev/null", "--panic-op", "string"});
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set->panic_op, std::optional<std::string>("string"));
    auto unset = parse_daemon_config({"ipmiprovd", "--config", "/dev/null"});
    ASSERT_TRUE(unset.ok()) << unset.error().message;
    EXPECT_FALSE(unset->panic_op) << "not given: the kernel's setting is left as it is";
    auto wrong = parse_daemon_config({"ipmiprovd", "--config", "/dev/null", "--panic-op", "strings"});
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().message, "--panic-op must be none, event or string, not \"strings\"");

    const auto file = std::filesystem::temp_directory_path() / ("ipmiprovd-panic-" + std::to_string(::getpid()));
    std::ofstream(file) << "# the kernel's panic into the SEL\npanic-op = evnt\n";
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                           std::filesystem::perms::group_read | std::filesystem::perms::others_read);
    auto in_file = parse_daemon_config({"ipmiprovd", "--config", file.string()});
    std::filesystem::remove(file);
    ASSERT_FALSE(in_file.ok());
    EXPECT_EQ(in_file.error().message, file.string() + " line 2: panic-op must be none, event or string, not \"evnt\"");
}

}  // namespace
}  // namespace ipmiprov::daemon
