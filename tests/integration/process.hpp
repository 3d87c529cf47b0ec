// Starting real programs from tests: run-to-completion with a bounded wait,
// and background servers that are always stopped.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace ipmiprov::testing {

struct RunResult {
    int exit_code = -1;  // -1 when killed for running too long
    std::string out;
    std::string err;
    std::chrono::milliseconds elapsed{0};
};

// Runs argv[0] (searched in PATH) with the given extra environment, killing
// it after `limit`.
RunResult run(const std::vector<std::string>& argv, std::chrono::milliseconds limit = std::chrono::seconds(30),
              const std::vector<std::string>& extra_env = {});

// A child process that is killed (SIGTERM, then SIGKILL) when this is destroyed.
class Background {
public:
    Background(const std::vector<std::string>& argv, const std::filesystem::path& log,
               const std::vector<std::string>& extra_env = {});
    ~Background();
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    [[nodiscard]] bool running();
    [[nodiscard]] pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
};

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
public:
    explicit TempDir(const std::string& prefix);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// A UDP or TCP port on 127.0.0.1 that was free a moment ago.
int free_udp_port();
int free_tcp_port();

}  // namespace ipmiprov::testing
