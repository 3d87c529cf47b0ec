// Enumerations through the provider ABI from ipmiprovd's cache, by N
// concurrent sessions for a while: latency percentiles and throughput; and
// the daemon's BMC request counter (docs/performance.md#daemon).
//   ipmiprov_bench_abi SOCKET CLASS CLIENTS SECONDS [--session-each]
//   ipmiprov_bench_abi SOCKET --stats
// A session keeps what it enumerated and asks the daemon whether it changed
// (issue 21); --session-each opens a new session for every enumeration, so
// that each one is received and decoded whole (what a changed snapshot costs).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bridge/daemon_client.hpp"
#include "ipmiprov/provider.h"

namespace {

using Clock = std::chrono::steady_clock;

int print_stats(const std::string& socket) {
    auto client = ipmiprov::bridge::DaemonClient::connect(socket, std::chrono::seconds(10));
    if (!client.ok()) {
        std::cerr << client.error().message << '\n';
        return 1;
    }
    auto stats = (*client)->call({{"op", "stats"}}, std::chrono::seconds(10));
    if (!stats.ok()) {
        std::cerr << stats.error().message << '\n';
        return 1;
    }
    std::cout << stats->dump() << '\n';
    return 0;
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

int run(int argc, char** argv) {
    if (argc == 3 && std::string(argv[2]) == "--stats") return print_stats(argv[1]);
    const bool session_each = argc == 6 && std::string(argv[5]) == "--session-each";
    if (argc != 5 && !session_each) {
        std::cerr << "usage: ipmiprov_bench_abi SOCKET CLASS CLIENTS SECONDS [--session-each] | SOCKET --stats\n";
        return 2;
    }
    const std::string socket = argv[1];
    const std::string cls = argv[2];
    const int clients = std::stoi(argv[3]);
    const auto duration = std::chrono::duration<double>(std::stod(argv[4]));
    std::mutex mutex;
    std::vector<double> latencies;
    std::atomic<std::size_t> instances{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(clients));
    const auto started = Clock::now();
    const auto end = started + duration;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&] {
            ipmiprov_open_options options{};
            options.struct_size = sizeof options;
            ipmiprov_open_options_init(&options);
            options.source = IPMIPROV_SOURCE_DAEMON;
            options.daemon_socket = socket.c_str();
            ipmiprov_error error{};
            error.struct_size = sizeof error;
            const auto report = [&] {
                std::lock_guard lock(mutex);
                std::cerr << "ipmiprov_bench_abi: " << error.message << '\n';
            };
            const auto open = [&]() -> ipmiprov_session* {
                ipmiprov_session* session = nullptr;
                if (ipmiprov_open(&options, &session, &error) == IPMIPROV_OK) return session;
                report();
                return nullptr;
            };
            ipmiprov_session* session = open();
            if (session == nullptr) {
                ++failures;
                return;
            }
            std::vector<double> mine;
            while (Clock::now() < end) {
                const auto start = Clock::now();
                if (session_each) {
                    ipmiprov_close(session);
                    session = open();
                    if (session == nullptr) {
                        ++failures;
                        return;
                    }
                }
                ipmiprov_list* list = nullptr;
                if (ipmiprov_enumerate(session, cls.c_str(), &list, &error) != IPMIPROV_OK) {
                    report();
                    ++failures;
                    break;
                }
                instances = ipmiprov_list_size(list);
                ipmiprov_list_free(list);
                mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            }
            ipmiprov_close(session);
            std::lock_guard lock(mutex);
            latencies.insert(latencies.end(), mine.begin(), mine.end());
        });
    }
    for (auto& t : threads) t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    const nlohmann::json report{{"elapsed_s", elapsed},
                                {"class", cls},
                                {"clients", clients},
                                {"session_each", session_each},
                                {"instances", instances.load()},
                                {"enumerations", latencies.size()},
                                {"per_second", static_cast<double>(latencies.size()) / elapsed},
                                {"p50_ms", percentile(latencies, 0.5)},
                                {"p95_ms", percentile(latencies, 0.95)},
                                {"failures", failures.load()}};
    std::cout << report.dump() << '\n';
    return failures.load() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "ipmiprov_bench_abi: " << e.what() << '\n';
        return 1;
    }
}
