// ipmi_msghandler's panic_op (panic_op.hpp).
#include "bridge/panic_op.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace ipmiprov::bridge {
namespace {

constexpr std::array<std::string_view, 3> kValues{"none", "event", "string"};
constexpr std::array<std::string_view, 3> kMeanings{"a panic is not logged in the SEL",
                                                    "a panic logs one OS Critical Stop event",
                                                    "a panic logs its event and its text"};

std::string errno_words(int error) {
    std::string words = std::strerror(error);
    if (error == EACCES || error == EPERM) words.append(" (root may read and set it)");
    if (error == EROFS) words.append(" (/sys is read-only here: systemd's ProtectKernelTunables?)");
    return words;
}

}  // namespace

std::filesystem::path panic_op_file(const std::filesystem::path& sysfs_root) {
    return sysfs_root / "module" / "ipmi_msghandler" / "parameters" / "panic_op";
}

bool is_panic_op(std::string_view value) {
    return std::find(kValues.begin(), kValues.end(), value) != kValues.end();
}

PanicOpSetting read_panic_op(const std::filesystem::path& sysfs_root) {
    PanicOpSetting setting;
    const auto file = panic_op_file(sysfs_root);
    std::error_code ignored;
    setting.loaded = std::filesystem::exists(file.parent_path(), ignored);
    if (!setting.loaded) return setting;
    errno = 0;
    std::ifstream in(file);
    std::string word;
    if (!in || !(in >> word)) {
        const int error = errno;
        setting.problem = "cannot read ";
        setting.problem.append(file.string()).append(": ").append(error != 0 ? errno_words(error) : "empty");
        return setting;
    }
    setting.value = word;  // older kernels printed it without a newline: >> takes either
    return setting;
}

std::string panic_op_text(const PanicOpSetting& setting) {
    if (!setting.loaded) return "not loaded (ipmi_msghandler)";
    if (!setting.value) return "unknown: " + setting.problem;
    std::string text = *setting.value;
    const auto* found = std::find(kValues.begin(), kValues.end(), *setting.value);
    if (found != kValues.end()) {
        text.append(" (").append(kMeanings.at(static_cast<std::size_t>(found - kValues.begin()))).append(")");
    }
    return text;
}

Status write_panic_op(const std::string& value, const std::filesystem::path& sysfs_root) {
    if (!is_panic_op(value))
        return make_error(ErrorKind::InvalidArgument, "panic-op must be none, event or string, not \"" + value + "\"");
    const auto file = panic_op_file(sysfs_root);
    std::error_code ignored;
    if (!std::filesystem::exists(file.parent_path(), ignored)) {
        std::string message = "cannot set panic_op: module ipmi_msghandler is not loaded (";
        message.append(file.string()).append(")");
        return make_error(ErrorKind::NotFound, message);
    }
    errno = 0;
    std::ofstream out(file);
    if (out) {
        out << value << '\n';
        out.flush();
    }
    if (!out) {
        const int error = errno;
        std::string message = "cannot set panic_op to ";
        message.append(value).append(": ").append(file.string()).append(": ");
        message.append(error != 0 ? errno_words(error) : "write failed");
        return make_error(error == EACCES || error == EPERM ? ErrorKind::PermissionDenied : ErrorKind::Transport,
                          message);
    }
    return success();
}

}  // namespace ipmiprov::bridge
