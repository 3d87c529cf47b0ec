#include "bridge/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ipmiprov::bridge {
namespace {

std::string octal_mode(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

// Checked on the opened file (fstat), so that it is the file that is read.
Status check_private(int fd, const std::filesystem::path& file) {
    struct stat status {};
    if (::fstat(fd, &status) != 0)
        return make_error(ErrorKind::Transport, "cannot check " + file.string() + ": " + std::strerror(errno));
    if (S_ISCHR(status.st_mode)) return success();
    if (status.st_uid != 0 && status.st_uid != ::geteuid()) {
        return make_error(ErrorKind::PermissionDenied,
                          file.string() + " is owned by uid " + std::to_string(status.st_uid) +
                              ", not by root: whoever owns it could grant themselves rights (chown root " +
                              file.string() + ")");
    }
    if ((status.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        return make_error(ErrorKind::PermissionDenied, file.string() + " is writable by its group or by others (mode " +
                                                           octal_mode(status.st_mode) + "): chmod go-w " +
                                                           file.string());
    }
    return success();
}

}  // namespace

Result<FilePrefix> read_file_prefix(const std::filesystem::path& file, std::size_t limit, FileTrust trust) {
    // O_NONBLOCK: opening a FIFO that nobody writes to would otherwise wait
    // for a writer forever. Reads block again, and end at once without a writer.
    const int fd =
        ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);  // NOLINT(cppcoreguidelines-pro-type-vararg)
    if (fd < 0) return make_error(ErrorKind::NotFound, "cannot read " + file.string() + ": " + std::strerror(errno));
    if (trust == FileTrust::Private) {
        if (auto trusted = check_private(fd, file); !trusted.ok()) {
            ::close(fd);
            return trusted.error();
        }
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);  // NOLINT(cppcoreguidelines-pro-type-vararg)
    FilePrefix prefix;
    // The buffer grows with what arrives, up to one byte past the limit (that
    // byte tells whether the file goes on): a 1 KB fixture costs no 64 MiB.
    constexpr std::size_t kChunk = std::size_t{64} * 1024;
    std::string buffer;
    std::size_t filled = 0;
    while (filled < limit + 1) {
        if (buffer.size() == filled) buffer.resize(std::min(limit + 1, filled + kChunk));
        const auto got = ::read(fd, buffer.data() + filled, buffer.size() - filled);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            const std::string reason = std::strerror(errno);
            ::close(fd);
            return make_error(ErrorKind::Transport, "cannot read " + file.string() + ": " + reason);
        }
        if (got == 0) break;
        filled += static_cast<std::size_t>(got);
    }
    ::close(fd);
    prefix.complete = filled <= limit;
    buffer.resize(std::min(filled, limit));
    prefix.text = std::move(buffer);
    return prefix;
}

Result<std::string> read_bounded_file(const std::filesystem::path& file, std::size_t limit, const std::string& what,
                                      FileTrust trust) {
    auto prefix = read_file_prefix(file, limit, trust);
    if (!prefix.ok()) return prefix.error();
    if (!prefix->complete) {
        return make_error(ErrorKind::InvalidArgument,
                          what + " " + file.string() + " is larger than " + std::to_string(limit) + " bytes");
    }
    return std::move(prefix->text);
}

}  // namespace ipmiprov::bridge
