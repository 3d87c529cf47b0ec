// ipmiprovd's settings that could be turned against it or never work (issue
// 18): a config or password file someone else may write, quoted values, a
// fixture that does not load, LAN without a password, a group that does not
// exist.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "bridge/connect.hpp"
#include "bridge/text_file.hpp"
#include "config.hpp"

namespace ipmiprov {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

// A file in a fresh temporary directory, with the given mode, removed after.
struct TempFile {
    fs::path dir = fs::temp_directory_path() / ("ipmiprov-config-test-" + std::to_string(::getpid()) + "-" +
                                                std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::path path = dir / "file";
    TempFile(const std::string& content, mode_t mode) {
        fs::create_directories(dir);
        std::ofstream(path) << content;
        ::chmod(path.c_str(), mode);
    }
    ~TempFile() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
};

TEST(PrivateFile, APasswordFileOthersMayWriteIsRefusedNamingTheFileAndMode) {
    TempFile open_to_all("secret\n", 0666);
    const auto refused = bridge::read_password_file(open_to_all.path.string());
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.error().message, HasSubstr(open_to_all.path.string() + " is writable by its group or by others"
                                                                               " (mode 0666): chmod go-w"));
    TempFile group_writable("secret\n", 0620);
    EXPECT_FALSE(bridge::read_password_file(group_writable.path.string()).ok());
    TempFile own("secret\n", 0600);
    EXPECT_EQ(bridge::read_password_file(own.path.string()).value(), "secret");
    TempFile readable("secret\n", 0644);
    EXPECT_TRUE(bridge::read_password_file(readable.path.string()).ok()) << "only writers matter";
}

TEST(PrivateFile, AFileOfAnotherUserIsRefused) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file away";
    TempFile theirs("secret\n", 0600);
    ASSERT_EQ(::chown(theirs.path.c_str(), 4242, 4242), 0);
    const auto refused = bridge::read_password_file(theirs.path.string());
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.error().message, HasSubstr("is owned by uid 4242, not by root"));
}

TEST(PrivateFile, AConfigFileOthersMayWriteIsRefused) {
    TempFile config("write-group = 0\n", 0646);
    const auto refused = daemon::parse_daemon_config({"ipmiprovd", "--config", config.path.string()});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, bridge::ErrorKind::InvalidArgument);
    EXPECT_THAT(refused.error().message, HasSubstr("refusing the config file: " + config.path.string() +
                                                   " is writable by its group or by others (mode 0646)"));
    ::chmod(config.path.c_str(), 0644);
    EXPECT_TRUE(daemon::parse_daemon_config({"ipmiprovd", "--config", config.path.string()}).ok());
}

TEST(DaemonConfigFile, QuotesAroundAValueAreNotPartOfIt) {
    TempFile config("cache-dir = \"\"\nsystem-name = \"rack 4 host\"\nsocket='/tmp/x.sock'\n# note = \"kept\"\n", 0644);
    const auto parsed = daemon::parse_daemon_config({"ipmiprovd", "--config", config.path.string()});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->cache_dir, "") << "no cache, not a directory named \"\"";
    EXPECT_EQ(parsed->system_name, "rack 4 host");
    EXPECT_EQ(parsed->socket, "/tmp/x.sock");
}

TEST(DaemonStart, SettingsThatCanNeverWorkAreErrorsAtStart) {
    auto zero = daemon::parse_daemon_config({"ipmiprovd", "--config", "/dev/null", "--sim", "/dev/zero"});
    ASSERT_TRUE(zero.ok());
    const auto fixture = daemon::check_startable(*zero);
    ASSERT_FALSE(fixture.ok());
    EXPECT_THAT(fixture.error().message, HasSubstr("--sim: "));

    const auto no_env = [](const char*) { return std::optional<std::string>{}; };
    auto lan = daemon::parse_daemon_config({"ipmiprovd", "--config", "/dev/null", "--lan", "127.0.0.1"}, no_env);
    ASSERT_FALSE(lan.ok());
    EXPECT_THAT(lan.error().message, HasSubstr("no password: give --password-file FILE"));

    auto builtin = daemon::parse_daemon_config({"ipmiprovd", "--config", "/dev/null", "--sim", "builtin"});
    ASSERT_TRUE(builtin.ok());
    EXPECT_TRUE(daemon::check_startable(*builtin).ok());

    auto group = daemon::parse_daemon_config({"ipmiprovd", "--config", "/dev/null", "--read-group", "3999999"});
    ASSERT_TRUE(group.ok());
    const auto policy = daemon::access_policy(*group);
    ASSERT_FALSE(policy.ok());
    EXPECT_THAT(policy.error().message, HasSubstr("no group with gid 3999999"));
}

TEST(DaemonStart, TheNewLimitsParseAndAreBounded) {
    auto parsed = daemon::parse_daemon_config({"ipmiprovd", "--config", "/dev/null", "--max-clients-per-user", "3",
                                               "--idle-timeout", "2.5", "--io-timeout", "0.5"});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->max_clients_per_user, 3U);
    EXPECT_EQ(parsed->idle_timeout, std::chrono::milliseconds(2500));
    EXPECT_EQ(parsed->io_timeout, std::chrono::milliseconds(500));
    EXPECT_EQ(daemon::DaemonConfig{}.max_clients_per_user, 8U);
    EXPECT_FALSE(
        daemon::parse_daemon_config({"ipmiprovd", "--config", "/dev/null", "--max-clients-per-user", "0"}).ok());
}

// The CLI's LAN options, by the same names and with the same meaning, on the
// command line and in the config file (one definition: tools/common/lan_options).
TEST(DaemonConfigLan, TakesTheClisConnectionOptions) {
    const auto env = [](const char* name) -> std::optional<std::string> {
        if (std::string(name) == "IPMIPROV_PASSWORD") return "from-env";
        return std::nullopt;
    };
    auto parsed = daemon::parse_daemon_config({"ipmiprovd", "--config", "/dev/null", "--lan", "bmc:1623", "-U", "admin",
                                               "-C", "3", "--privilege", "operator"},
                                              env);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    ASSERT_TRUE(parsed->connect.lan.has_value());
    const auto& lan = *parsed->connect.lan;
    EXPECT_EQ(lan.host, "bmc");
    EXPECT_EQ(lan.port, 1623);
    EXPECT_EQ(lan.user, "admin");
    EXPECT_EQ(lan.password, "from-env");
    EXPECT_EQ(lan.cipher_suite, 3);
    EXPECT_EQ(lan.privilege, bridge::Privilege::Operator);
    EXPECT_TRUE(daemon::check_startable(*parsed).ok());

    TempFile config("lan = bmc\nuser = admin\nipmi15 = true\nprivilege = user\n", 0600);
    auto from_file = daemon::parse_daemon_config({"ipmiprovd", "--config", config.path.string()}, env);
    ASSERT_TRUE(from_file.ok()) << from_file.error().message;
    EXPECT_TRUE(from_file->connect.lan->ipmi15);
    EXPECT_EQ(from_file->connect.lan->privilege, bridge::Privilege::User);

    const auto refused = [&](std::vector<std::string> args, const std::string& says) {
        args.insert(args.begin(), {"ipmiprovd", "--config", "/dev/null"});
        auto result = daemon::parse_daemon_config(args, env);
        ASSERT_FALSE(result.ok()) << says;
        EXPECT_THAT(result.error().message, HasSubstr(says));
    };
    refused({"--lan", "bmc", "--ipmi15", "-C", "3"}, "--cipher-suite applies to RMCP+");
    refused({"--lan", "bmc", "--privilege", "root"}, "--privilege must be");
    refused({"--cipher-suite", "3"}, "need --lan");
    refused({"--lan", "bmc", "--password", "x"}, "password");  // not on the daemon's command line: ps shows it
}

// Issue 20, item 8: a config error names the file and the line, whatever is
// wrong with it; a value given on the command line wins over the file's.
TEST(DaemonConfig, EveryErrorInTheConfigFileNamesTheFileAndTheLine) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"interval = 5\nintervall = 3\n", "line 2: unrecognised option 'intervall'"},
        {"# a comment\n\ninterval = abc\n", "line 3: the argument ('abc') for option 'interval' is invalid"},
        {"interval = 5\nthis is junk\n",
         "line 2: the options configuration file contains an invalid line 'this is junk'"},
        {"[lan]\nhost = bmc\n", "line 1: sections such as [lan] are not used; write \"name = value\" lines"},
        {"sel-interval = 1\ninterval = 0\n", "line 2: interval must be 1 to 86400 seconds"},
        {"max-clients = 0\n", "line 1: max-clients must be 1..4096"},
        {"interval = 5\n  interval = 6\n", "line 2: interval is set already on line 1"},
    };
    for (const auto& [text, says] : cases) {
        SCOPED_TRACE(text);
        TempFile config(text, 0600);
        auto parsed = daemon::parse_daemon_config({"ipmiprovd", "--config", config.path.string(), "--sim", "builtin"});
        ASSERT_FALSE(parsed.ok());
        EXPECT_EQ(parsed.error().message, config.path.string() + " " + says);
    }
    TempFile config("interval = 0\n", 0600);
    auto overridden = daemon::parse_daemon_config({"ipmiprovd", "--config", config.path.string(), "--interval", "7"});
    ASSERT_TRUE(overridden.ok()) << overridden.error().message;
    EXPECT_EQ(overridden->interval, std::chrono::seconds(7));
    auto command_line = daemon::parse_daemon_config({"ipmiprovd", "--config", "/dev/null", "--interval", "0"});
    ASSERT_FALSE(command_line.ok());
    EXPECT_EQ(command_line.error().message, "--interval must be 1 to 86400 seconds") << "no file to name";
}

}  // namespace
}  // namespace ipmiprov
