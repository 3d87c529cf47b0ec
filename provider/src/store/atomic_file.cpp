#include "provider/store/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ipmiprov::provider::store {

namespace fs = std::filesystem;
using bridge::ErrorKind;
using bridge::make_error;

// Writes then renames in the same directory, so a reader sees the old file or the new one, never a torn one.
bridge::Status write_atomically(const fs::path& file, const std::string& content) {
    std::error_code error;
    fs::create_directories(file.parent_path(), error);
    if (error)
        return make_error(ErrorKind::Transport,
                          "cannot create " + file.parent_path().string() + ": " + error.message());
    std::string temp = (file.parent_path() / (file.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) return make_error(ErrorKind::Transport, "cannot write in " + file.parent_path().string());
    const char* data = content.data();
    std::size_t left = content.size();
    bool ok = true;
    while (left > 0 && ok) {
        const auto written = ::write(fd, data, left);
        ok = written > 0;
        if (ok) {
            data += written;
            left -= static_cast<std::size_t>(written);
        }
    }
    ok = ok && ::fsync(fd) == 0;
    ok = (::close(fd) == 0) && ok;
    if (!ok || std::rename(temp.c_str(), file.c_str()) != 0) {
        ::unlink(temp.c_str());
        return make_error(ErrorKind::Transport, "cannot write " + file.string());
    }
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
