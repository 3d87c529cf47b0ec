// Talks to the Linux IPMI message handler through ipmi_devintf's ioctls
// (include/uapi/linux/ipmi.h, Documentation/driver-api/ipmi.rst): SEND_COMMAND
// with our msgid, poll for readiness, RECEIVE_MSG_TRUNC, match the msgid.
#include <fcntl.h>
#include <linux/ipmi.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <deque>
#include <fstream>

#include "bridge/kernel_transport.hpp"

namespace ipmiprov::bridge {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Replies that are not ours (events, late replies to timed-out requests) are
// drained; this bounds how many one exchange will drain before giving up.
constexpr int kMaxForeignMessages = 256;
// Events waiting for next_event(); beyond this the oldest are dropped (and counted).
constexpr std::size_t kMaxQueuedEvents = 1024;

class RealSysCalls final : public SysCalls {
public:
    int open(const char* path, int flags) override { return ::open(path, flags); }
    int close(int fd) override { return ::close(fd); }
    int ioctl(int fd, unsigned long request, void* argument) override { return ::ioctl(fd, request, argument); }
    int poll(pollfd* fds, nfds_t count, int timeout_ms) override { return ::poll(fds, count, timeout_ms); }
    int last_error() override { return errno; }
};

std::string errno_text(int error) {
    return std::strerror(error);
}

std::optional<int> trailing_number(const std::string& path) {
    auto end = path.size();
    auto begin = end;
    while (begin > 0 && std::isdigit(static_cast<unsigned char>(path[begin - 1]))) --begin;
    if (begin == end) return std::nullopt;
    int value = 0;
    std::from_chars(path.data() + begin, path.data() + end, value);
    return value;
}

std::optional<std::string> read_first_line(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line) || line.empty()) return std::nullopt;
    return line;
}

class KernelTransport final : public Transport {
public:
    KernelTransport(std::shared_ptr<SysCalls> sys, int fd, std::string description)
        : sys_(std::move(sys)), fd_(fd), description_(std::move(description)) {}
    ~KernelTransport() override { sys_->close(fd_); }

    Result<Response> exchange(const Request& request, std::chrono::milliseconds timeout) override {
        const long msgid = ++last_msgid_;
        if (auto sent = send(request, msgid); !sent.ok()) return sent.error();
        const auto what = describe(request);
        const auto deadline = Clock::now() + timeout;
        for (int foreign = 0; foreign < kMaxForeignMessages; ++foreign) {
            if (auto ready = wait_readable(what, deadline); !ready.ok()) return ready.error();
            auto received = receive(what);
            if (!received.ok()) return received.error();
            if (received->msgid == msgid && received->recv_type == IPMI_RESPONSE_RECV_TYPE) {
                return std::move(received->response);
            }
            keep_if_event(*received);
        }
        return make_error(ErrorKind::Protocol, describe(request) + ": too many unrelated messages from the driver");
    }

    // IPMICTL_SET_GETS_EVENTS_CMD: the driver hands this file the BMC's
    // event messages (it fetches them from the Event Message Buffer).
    // When the driver cannot get a reply, or gets one for another command (a
    // BMC or interface that answers out of turn: "BMC returned incorrect
    // response"), ipmi_msghandler hands user space a reply of its own making:
    // completion code FFh and no data. Asking again is the remedy; a BMC's
    // own FFh usually comes the same way and costs only the engine's bounded
    // retries.
    [[nodiscard]] bool reply_is_transient(const Response& reply) const override {
        return Transport::reply_is_transient(reply) || (reply.completion_code == 0xFF && reply.data.empty());
    }

    Status enable_events() override {
        int on = 1;
        if (sys_->ioctl(fd_, IPMICTL_SET_GETS_EVENTS_CMD, &on) < 0) {
            return make_error(ErrorKind::Transport,
                              "cannot receive events from " + description_ + ": " + errno_text(sys_->last_error()));
        }
        events_enabled_ = true;
        return success();
    }

    Result<std::optional<std::vector<std::uint8_t>>> next_event(std::chrono::milliseconds timeout) override {
        if (!events_enabled_) return make_error(ErrorKind::InvalidArgument, "events are not enabled");
        const std::string what = "waiting for an event";
        const auto deadline = Clock::now() + timeout;
        for (int message = 0; events_.empty() && message < kMaxForeignMessages; ++message) {
            auto ready = wait_readable(what, deadline);
            if (!ready.ok()) {
                if (ready.error().kind == ErrorKind::Timeout) break;
                return ready.error();
            }
            auto received = receive(what);
            if (!received.ok()) return received.error();
            keep_if_event(*received);
        }
        if (events_.empty()) return std::optional<std::vector<std::uint8_t>>{};
        auto event = std::move(events_.front());
        events_.pop_front();
        return std::optional{std::move(event)};
    }

    [[nodiscard]] std::string description() const override { return description_; }

private:
    struct Received {
        long msgid = 0;
        int recv_type = 0;
        Response response;
        std::vector<std::uint8_t> payload;  // events and commands: the message data as is
    };

    void keep_if_event(Received& received) {
        if (!events_enabled_ || received.recv_type != IPMI_ASYNC_EVENT_RECV_TYPE) return;
        if (events_.size() >= kMaxQueuedEvents) events_.pop_front();
        events_.push_back(std::move(received.payload));
    }

    Status send(const Request& request, long msgid) {
        if (request.data.size() > IPMI_MAX_MSG_LENGTH) {
            return make_error(ErrorKind::InvalidArgument,
                              describe(request) + ": request data longer than the driver takes");
        }
        ipmi_system_interface_addr bmc_addr{IPMI_SYSTEM_INTERFACE_ADDR_TYPE, IPMI_BMC_CHANNEL, request.lun};
        ipmi_ipmb_addr ipmb_addr{IPMI_IPMB_ADDR_TYPE, request.target.channel, request.target.slave_address,
                                 request.lun};
        const bool bridged = request.target.kind == Target::Kind::Ipmb;
        auto data = request.data;  // the driver takes a non-const pointer
        ipmi_req req{};
        req.addr = bridged ? reinterpret_cast<unsigned char*>(&ipmb_addr) : reinterpret_cast<unsigned char*>(&bmc_addr);
        req.addr_len = bridged ? sizeof ipmb_addr : sizeof bmc_addr;
        req.msgid = msgid;
        req.msg.netfn = request.netfn;
        req.msg.cmd = request.cmd;
        req.msg.data_len = static_cast<unsigned short>(data.size());
        req.msg.data = data.empty() ? nullptr : data.data();
        if (sys_->ioctl(fd_, IPMICTL_SEND_COMMAND, &req) < 0) {
            return make_error(ErrorKind::Transport,
                              describe(request) + ": send failed: " + errno_text(sys_->last_error()));
        }
        return success();
    }

    Status wait_readable(const std::string& what, Clock::time_point deadline) {
        while (true) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) return make_error(ErrorKind::Timeout, what + ": no reply from the driver");
            pollfd pfd{fd_, POLLIN, 0};
            const int ready = sys_->poll(&pfd, 1, static_cast<int>(left.count()));
            if (ready > 0) return success();
            if (ready == 0) return make_error(ErrorKind::Timeout, what + ": no reply from the driver");
            if (sys_->last_error() != EINTR) {
                return make_error(ErrorKind::Transport, what + ": poll failed: " + errno_text(sys_->last_error()));
            }
        }
    }

    Result<Received> receive(const std::string& what) {
        std::array<unsigned char, IPMI_MAX_MSG_LENGTH> buffer{};
        ipmi_addr addr{};
        ipmi_recv recv{};
        recv.addr = reinterpret_cast<unsigned char*>(&addr);
        recv.addr_len = sizeof addr;
        recv.msg.data = buffer.data();
        recv.msg.data_len = buffer.size();
        if (sys_->ioctl(fd_, IPMICTL_RECEIVE_MSG_TRUNC, &recv) < 0) {
            const int error = sys_->last_error();
            // RECEIVE_MSG_TRUNC hands over a truncated message with EMSGSIZE.
            if (error == EMSGSIZE) return make_error(ErrorKind::Protocol, what + ": reply truncated by the driver");
            return make_error(ErrorKind::Transport, what + ": receive failed: " + errno_text(error));
        }
        Received out{recv.msgid, recv.recv_type, {}, {}};
        if (recv.msg.data_len > buffer.size()) {
            return make_error(ErrorKind::Protocol, what + ": the driver reported more data than it gave");
        }
        if (recv.recv_type != IPMI_RESPONSE_RECV_TYPE) {  // events and commands carry no completion code
            out.payload.assign(buffer.begin(), buffer.begin() + recv.msg.data_len);
            return out;
        }
        if (recv.msg.data_len < 1) {
            return make_error(ErrorKind::Protocol, what + ": reply without a completion code");
        }
        out.response.completion_code = buffer[0];
        out.response.data.assign(buffer.begin() + 1, buffer.begin() + recv.msg.data_len);
        return out;
    }

    std::shared_ptr<SysCalls> sys_;
    int fd_;
    std::string description_;
    long last_msgid_ = 0;
    bool events_enabled_ = false;
    std::deque<std::vector<std::uint8_t>> events_;
};

}  // namespace

std::shared_ptr<SysCalls> real_syscalls() {
    return std::make_shared<RealSysCalls>();
}

std::optional<KernelDevice> find_kernel_device(const std::optional<std::string>& requested) {
    if (requested) return KernelDevice{*requested, trailing_number(*requested).value_or(0)};
    for (const char* candidate : {"/dev/ipmi0", "/dev/ipmi/0", "/dev/ipmidev/0"}) {
        std::error_code ignored;
        if (fs::exists(candidate, ignored)) return KernelDevice{candidate, 0};
    }
    return std::nullopt;
}

std::optional<std::string> kernel_interface_type(int interface_number, const fs::path& sysfs_root) {
    const auto device = sysfs_root / "class" / "ipmi" / ("ipmi" + std::to_string(interface_number)) / "device";
    if (auto type = read_first_line(device / "type")) return type;
    std::error_code error;
    const auto driver = fs::read_symlink(device / "driver", error);
    if (error) return std::nullopt;
    const auto name = driver.filename().string();
    if (name == "ipmi_ssif") return "ssif";
    if (name == "ipmi_si") return std::nullopt;  // KCS, SMIC or BT: only "type" says which
    return name;
}

Result<std::unique_ptr<Transport>> open_kernel_transport(const KernelDevice& device, std::shared_ptr<SysCalls> sys,
                                                         const fs::path& sysfs_root) {
    const int fd = sys->open(device.path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        const int error = sys->last_error();
        const auto kind = error == ENOENT                       ? ErrorKind::NotFound
                          : (error == EACCES || error == EPERM) ? ErrorKind::PermissionDenied
                                                                : ErrorKind::Transport;
        return make_error(kind, "cannot open " + device.path + ": " + errno_text(error));
    }
    std::string description = "kernel " + device.path;
    if (auto type = kernel_interface_type(device.interface_number, sysfs_root)) description += " (" + *type + ")";
    return std::unique_ptr<Transport>(std::make_unique<KernelTransport>(std::move(sys), fd, std::move(description)));
}

}  // namespace ipmiprov::bridge
