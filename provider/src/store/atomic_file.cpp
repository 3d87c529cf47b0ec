#include "provider/store/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ipmiprov::provider::store {

namespace fs = std::filesystem;
using bridge::ErrorKind;
using bridge::make_error;

namespace {

// mkstemp's suffix: the temporary of `file` is `file` + "." + six random characters.
constexpr std::size_t kTempRandomLength = 6;
// A temporary this old belongs to no writer still running (a write takes
// milliseconds): it was left by one that was killed, and may go.
constexpr auto kStaleTemporary = std::chrono::minutes(10);

std::string errno_text(int error) {
    return std::strerror(error);  // NOLINT(concurrency-mt-unsafe): glibc's strerror is thread-safe for known codes
}

// Writes all of `content` to `fd`; 0, or the errno of the write that failed.
int write_all(int fd, const std::string& content) {
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const auto written = ::write(fd, data, left);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return written < 0 ? errno : EIO;
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    return 0;
}

// Removes the temporaries of `file` that killed writers left behind. Young
// ones are left alone: another process may be about to rename its own.
void remove_stale_temporaries(const fs::path& file) {
    const auto prefix = file.filename().string() + ".";
    const auto now = fs::file_time_type::clock::now();
    std::error_code error;
    // Bounded: a directory that cannot be listed, or fails mid-way, ends the clean-up.
    for (fs::directory_iterator it(file.parent_path(), error); !error && it != fs::directory_iterator();
         it.increment(error)) {
        const auto name = it->path().filename().string();
        if (name.size() != prefix.size() + kTempRandomLength || name.rfind(prefix, 0) != 0) continue;
        std::error_code ignored;
        const auto modified = fs::last_write_time(it->path(), ignored);
        if (!ignored && now - modified > kStaleTemporary) fs::remove(it->path(), ignored);
    }
}

}  // namespace

// Writes then renames in the same directory, so a reader sees the old file or
// the new one, never a torn one. A failure names its cause (errno's text:
// "No space left on device") and leaves no temporary behind.
bridge::Status write_atomically(const fs::path& file, const std::string& content) {
    std::error_code error;
    fs::create_directories(file.parent_path(), error);
    if (error)
        return make_error(ErrorKind::Transport,
                          "cannot create " + file.parent_path().string() + ": " + error.message());
    std::string temp = (file.parent_path() / (file.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        return make_error(ErrorKind::Transport,
                          "cannot write in " + file.parent_path().string() + ": " + errno_text(errno));
    }
    int failure = write_all(fd, content);
    if (failure == 0 && ::fsync(fd) != 0) failure = errno;
    if (::close(fd) != 0 && failure == 0) failure = errno;
    if (failure == 0 && std::rename(temp.c_str(), file.c_str()) != 0) failure = errno;
    if (failure != 0) {
        ::unlink(temp.c_str());
        return make_error(ErrorKind::Transport, "cannot write " + file.string() + ": " + errno_text(failure));
    }
    remove_stale_temporaries(file);
    return bridge::success();
}

bridge::Result<std::string> read_whole_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error(ErrorKind::NotFound, "cannot read " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace ipmiprov::provider::store
