// Per-request latency of ipmiprov's kernel transport, run inside the QEMU
// guest of bench/run-kernel-bench.sh (docs/performance.md#kernel-driver):
//   ipmiprov_bench_kernel requests N [DEVICE]   N x Get Device ID through our engine
//   ipmiprov_bench_kernel runs N -- CMD ARGS... CMD run N times, each timed
// Prints one JSON object: count, failures and min/p50/p95/max/mean in
// microseconds.
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <vector>

#include "bridge/connect.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

void print(const std::vector<double>& micros, int failures) {
    nlohmann::ordered_json out{{"count", micros.size()}, {"failures", failures}};
    if (!micros.empty()) {
        out["min_us"] = *std::min_element(micros.begin(), micros.end());
        out["p50_us"] = percentile(micros, 0.5);
        out["p95_us"] = percentile(micros, 0.95);
        out["max_us"] = *std::max_element(micros.begin(), micros.end());
        out["mean_us"] = std::accumulate(micros.begin(), micros.end(), 0.0) / static_cast<double>(micros.size());
    }
    std::cout << out.dump() << '\n';
}

template <typename Action>
double timed_micros(Action action, bool& ok) {
    const auto start = Clock::now();
    ok = action();
    return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

int requests(int count, const std::string& device) {
    ipmiprov::bridge::ConnectOptions options;
    options.device = device;
    auto connection = ipmiprov::bridge::connect(options, ipmiprov::bridge::EngineOptions{});
    if (!connection.ok()) {
        std::cerr << connection.error().message << '\n';
        return 1;
    }
    auto& engine = *connection->engine;
    const ipmiprov::bridge::Request get_device_id{0x06, 0x01, 0, {}, {}};  // IPMI 2.0 §20.1
    std::vector<double> micros;
    int failures = 0;
    for (int i = 0; i < count; ++i) {
        bool ok = false;
        micros.push_back(timed_micros([&] { return engine.call(get_device_id).ok(); }, ok));
        failures += ok ? 0 : 1;
    }
    print(micros, failures);
    return 0;
}

bool run_once(std::vector<std::string> argv) {
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (auto& arg : argv) args.push_back(arg.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", 01, 0);  // O_WRONLY
    pid_t pid = -1;
    const bool spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) == 0;
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    return spawned && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int runs(int count, const std::vector<std::string>& argv) {
    std::vector<double> micros;
    int failures = 0;
    for (int i = 0; i < count; ++i) {
        bool ok = false;
        micros.push_back(timed_micros([&] { return run_once(argv); }, ok));
        failures += ok ? 0 : 1;
    }
    print(micros, failures);
    return 0;
}

}  // namespace

static int run_main(const std::vector<std::string>& args) {
    const auto usage = [] {
        std::cerr << "usage: ipmiprov_bench_kernel requests N [DEVICE] | runs N -- CMD [ARGS...]\n";
        return 2;
    };
    if (args.size() < 2) return usage();
    int count = 0;
    try {
        count = std::stoi(args[1]);
    } catch (const std::exception&) {
        return usage();
    }
    if (count <= 0) return usage();
    if (args[0] == "requests") return requests(count, args.size() > 2 ? args[2] : "/dev/ipmi0");
    if (args[0] == "runs" && args.size() > 3 && args[2] == "--") return runs(count, {args.begin() + 3, args.end()});
    return usage();
}

int main(int argc, char** argv) {
    try {
        return run_main({argv + 1, argv + argc});
    } catch (const std::exception& error) {
        std::cerr << "ipmiprov_bench_kernel: " << error.what() << '\n';
        return 1;
    }
}
