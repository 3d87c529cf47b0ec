// Linux's ipmi_msghandler parameter panic_op: what a panicking kernel
// writes into the SEL (drivers/char/ipmi/ipmi_msghandler.c): "none"
// nothing, "event" one Platform Event (OS Critical Stop, run-time critical
// stop), "string" that event and the panic text in OEM records of type F0h
// (provider/sel/panic.hpp reads them back). The file is
// /sys/module/ipmi_msghandler/parameters/panic_op, mode 0600: root reads
// and writes it; it is there while the module is loaded.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "bridge/result.hpp"

namespace ipmiprov::bridge {

std::filesystem::path panic_op_file(const std::filesystem::path& sysfs_root = "/sys");

// "none", "event" or "string" (the kernel's own words).
bool is_panic_op(std::string_view value);

struct PanicOpSetting {
    std::optional<std::string> value;  // the kernel's word; nullopt: not loaded, or not readable
    bool loaded = false;               // the module's parameters are there
    std::string problem;               // why it could not be read
};
PanicOpSetting read_panic_op(const std::filesystem::path& sysfs_root = "/sys");
// "string (a panic logs its event and its text)", "not loaded (ipmi_msghandler)",
// "unknown: cannot read …: Permission denied (root may read it)".
std::string panic_op_text(const PanicOpSetting& setting);

// Writes `value` (none, event, string); an error names the file and why
// (the module not loaded, not root, a read-only /sys: ProtectKernelTunables).
Status write_panic_op(const std::string& value, const std::filesystem::path& sysfs_root = "/sys");

}  // namespace ipmiprov::bridge
