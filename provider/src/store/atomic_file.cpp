#include "provider/store/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

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

// Only the user who runs us, or root, may have written what we read back: a
// file or directory another user owns or can write could have been planted
// (a shared directory, a cache in /tmp). Group-writable is left alone: with
// user-private groups (umask 002) that is the user's own group.
bridge::Status check_trusted(const struct stat& status, const std::string& what) {
    if (status.st_uid != ::geteuid() && status.st_uid != 0)
        return make_error(ErrorKind::PermissionDenied, what + " is owned by uid " + std::to_string(status.st_uid) +
                                                           ", not by this user or root: not trusted");
    if ((status.st_mode & S_IWOTH) != 0)
        return make_error(ErrorKind::PermissionDenied, what + " is writable by every user: not trusted");
    return bridge::success();
}

// The directory of a store file: absolute (a relative one would be the
// working directory, wherever that is), and trusted.
bridge::Status check_directory(const fs::path& directory) {
    if (directory.empty() || directory.is_relative())
        return make_error(ErrorKind::InvalidArgument,
                          "no cache directory (set HOME, XDG_CACHE_HOME or IPMIPROV_CACHE_DIR)");
    struct stat status {};
    if (::stat(directory.c_str(), &status) != 0)
        return make_error(ErrorKind::NotFound, "cannot read " + directory.string() + ": " + errno_text(errno));
    if (!S_ISDIR(status.st_mode))
        return make_error(ErrorKind::InvalidArgument, directory.string() + " is not a directory");
    return check_trusted(status, "the directory " + directory.string());
}

// Creates the directory (and its parents) if needed; a directory this makes
// is the user's own (0700): caches say which BMCs a user talks to.
bridge::Status make_directory(const fs::path& directory) {
    if (directory.empty() || directory.is_relative()) return check_directory(directory);
    std::error_code error;
    const bool created = fs::create_directories(directory, error);
    if (error) return make_error(ErrorKind::Transport, "cannot create " + directory.string() + ": " + error.message());
    if (created) fs::permissions(directory, fs::perms::owner_all, fs::perm_options::replace, error);
    return check_directory(directory);
}

}  // namespace

// Writes then renames in the same directory, so a reader sees the old file or
// the new one, never a torn one. A failure names its cause (errno's text:
// "No space left on device") and leaves no temporary behind.
bridge::Status write_atomically(const fs::path& file, const std::string& content) {
    if (auto directory = make_directory(file.parent_path()); !directory.ok()) {
        auto failure = directory.error();
        failure.message = "cannot write " + file.string() + ": " + failure.message;
        return failure;
    }
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
    if (auto directory = check_directory(file.parent_path()); !directory.ok()) {
        if (directory.error().kind == ErrorKind::PermissionDenied) return directory.error();
        return make_error(ErrorKind::NotFound, "cannot read " + file.string() + ": " + directory.error().message);
    }
    // Never through a symbolic link: one planted in the cache would point us anywhere.
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int error = errno;
        if (error == ELOOP)
            return make_error(ErrorKind::PermissionDenied, file.string() + " is a symbolic link: not trusted");
        return make_error(ErrorKind::NotFound, "cannot read " + file.string() + ": " + errno_text(error));
    }
    std::string text;
    struct stat status {};
    bridge::Status trusted = bridge::success();
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        trusted = make_error(ErrorKind::PermissionDenied, file.string() + " is not a regular file: not trusted");
    } else {
        trusted = check_trusted(status, file.string());
    }
    if (trusted.ok()) {
        std::array<char, 65536> chunk{};
        for (;;) {  // bounded by the file's size: read() returns 0 at its end
            const auto got = ::read(fd, chunk.data(), chunk.size());
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) break;
            text.append(chunk.data(), static_cast<std::size_t>(got));
        }
    }
    ::close(fd);
    if (!trusted.ok()) return trusted.error();
    return text;
}

}  // namespace ipmiprov::provider::store
