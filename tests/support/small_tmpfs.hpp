// A disk that fills up on purpose, for the fault tests of both suites: a
// small tmpfs mounted on a test-owned directory (the tests run as root),
// unmounted whatever happens, and a filler that writes until it is full.
#pragma once

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace ipmiprov::test_support {

class SmallTmpfs {
public:
    SmallTmpfs(const std::filesystem::path& where, const std::string& size) : path_(where) {
        std::filesystem::create_directories(path_);
        const auto options = "size=" + size + ",mode=0755";
        mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, options.c_str()) == 0;
        if (!mounted_) error_ = std::strerror(errno);  // NOLINT(concurrency-mt-unsafe): test thread only
    }
    ~SmallTmpfs() {
        if (mounted_ && ::umount(path_.c_str()) != 0) ::umount2(path_.c_str(), MNT_DETACH);
    }
    SmallTmpfs(const SmallTmpfs&) = delete;
    SmallTmpfs& operator=(const SmallTmpfs&) = delete;
    [[nodiscard]] bool mounted() const { return mounted_; }
    [[nodiscard]] const std::string& error() const { return error_; }

private:
    std::filesystem::path path_;
    bool mounted_ = false;
    std::string error_;
};

// Writes `file` until the file system is full; the errno of the write that failed (ENOSPC).
inline int fill_until_full(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);  // NOLINT: vararg open
    if (fd < 0) return errno;
    const std::vector<char> block(4096, 'x');
    int result = 0;
    for (int i = 0; i < 1'000'000 && result == 0; ++i) {  // bounded: 4 GB at most
        if (::write(fd, block.data(), block.size()) < 0) result = errno;
    }
    ::close(fd);
    return result;
}

}  // namespace ipmiprov::test_support
