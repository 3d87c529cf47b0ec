// In-band transport: the Linux IPMI driver's character device (/dev/ipmiN),
// whatever interface it drives underneath (KCS, SSIF, BT). Uses the kernel's
// user API (linux/ipmi.h) directly; the system calls go through SysCalls so
// that unit tests can stand in for the kernel.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <poll.h>

#include "bridge/transport.hpp"

namespace ipmiprov::bridge {

class SysCalls {
public:
    virtual ~SysCalls() = default;
    virtual int open(const char* path, int flags) = 0;
    virtual int close(int fd) = 0;
    virtual int ioctl(int fd, unsigned long request, void* argument) = 0;
    virtual int poll(pollfd* fds, nfds_t count, int timeout_ms) = 0;
    virtual int last_error() = 0;  // errno after a failed call
};

std::shared_ptr<SysCalls> real_syscalls();

struct KernelDevice {
    std::string path;
    int interface_number = 0;
};

// `requested` when given; otherwise the first of /dev/ipmi0, /dev/ipmi/0,
// /dev/ipmidev/0 that exists (the names udev and older devfs setups use).
std::optional<KernelDevice> find_kernel_device(const std::optional<std::string>& requested);

// "kcs", "ssif", "bt" from sysfs (/sys/class/ipmi/ipmiN/device/type, or the
// bound driver's name), or nullopt when sysfs does not say.
std::optional<std::string> kernel_interface_type(int interface_number,
                                                 const std::filesystem::path& sysfs_root = "/sys");

Result<std::unique_ptr<Transport>> open_kernel_transport(const KernelDevice& device,
                                                         std::shared_ptr<SysCalls> sys = real_syscalls(),
                                                         const std::filesystem::path& sysfs_root = "/sys");

}  // namespace ipmiprov::bridge
