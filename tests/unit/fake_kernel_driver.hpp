// A fake of the Linux IPMI driver's ioctl interface (linux/ipmi.h) behind
// bridge::SysCalls: it records what is sent and hands back what a driver
// would. Shared by the kernel transport tests and the CLI tests.
#pragma once

#include <linux/ipmi.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <functional>
#include <vector>

#include "bridge/kernel_transport.hpp"

namespace ipmiprov::bridge::testing_support {

struct SentMessage {
    int addr_type = 0;
    short channel = 0;
    unsigned char slave_addr = 0;
    unsigned char lun = 0;
    long msgid = 0;
    unsigned char netfn = 0;
    unsigned char cmd = 0;
    std::vector<std::uint8_t> data;
};

struct QueuedMessage {
    int recv_type = IPMI_RESPONSE_RECV_TYPE;
    long msgid = 0;
    std::vector<std::uint8_t> data;  // completion code first, for responses
};

class FakeDriver final : public SysCalls {
public:
    std::vector<SentMessage> sent;
    std::deque<QueuedMessage> queue;
    std::function<std::vector<QueuedMessage>(const SentMessage&)> respond;  // called on every send
    int open_error = 0;
    int send_error = 0;
    int eintr_polls = 0;
    bool closed = false;
    int polls = 0;
    int gets_events = -1;  // the last IPMICTL_SET_GETS_EVENTS_CMD value
    std::function<void()> on_events_enabled;
    int events_error = 0;

    int open(const char*, int) override {
        if (open_error) return fail(open_error);
        return 7;
    }
    int close(int fd) override {
        closed = fd == 7;
        return 0;
    }
    int poll(pollfd* fds, nfds_t, int) override {
        ++polls;
        if (eintr_polls > 0) {
            --eintr_polls;
            return fail(EINTR);
        }
        fds[0].revents = queue.empty() ? 0 : POLLIN;
        return queue.empty() ? 0 : 1;
    }
    int ioctl(int, unsigned long request, void* argument) override {
        if (request == IPMICTL_SEND_COMMAND) return send(*static_cast<ipmi_req*>(argument));
        if (request == IPMICTL_RECEIVE_MSG_TRUNC) return receive(*static_cast<ipmi_recv*>(argument));
        if (request == IPMICTL_SET_GETS_EVENTS_CMD) {
            if (events_error) return fail(events_error);
            gets_events = *static_cast<int*>(argument);
            if (on_events_enabled) on_events_enabled();
            return 0;
        }
        return fail(ENOTTY);
    }
    int last_error() override { return error_; }

private:
    int fail(int error) {
        error_ = error;
        return -1;
    }
    int send(const ipmi_req& req) {
        if (send_error) return fail(send_error);
        SentMessage message;
        std::memcpy(&message.addr_type, req.addr, sizeof(int));
        if (message.addr_type == IPMI_IPMB_ADDR_TYPE) {
            ipmi_ipmb_addr addr{};
            std::memcpy(&addr, req.addr, sizeof addr);
            message.channel = addr.channel;
            message.slave_addr = addr.slave_addr;
            message.lun = addr.lun;
        } else {
            ipmi_system_interface_addr addr{};
            std::memcpy(&addr, req.addr, sizeof addr);
            message.channel = addr.channel;
            message.lun = addr.lun;
        }
        message.msgid = req.msgid;
        message.netfn = req.msg.netfn;
        message.cmd = req.msg.cmd;
        message.data.assign(req.msg.data, req.msg.data + req.msg.data_len);
        sent.push_back(message);
        if (respond) {
            for (auto& reply : respond(message)) queue.push_back(reply);
        }
        return 0;
    }
    int receive(ipmi_recv& recv) {
        if (queue.empty()) return fail(EAGAIN);
        auto message = queue.front();
        queue.pop_front();
        recv.recv_type = message.recv_type;
        recv.msgid = message.msgid;
        const auto length = std::min<std::size_t>(message.data.size(), recv.msg.data_len);
        if (length > 0) std::memcpy(recv.msg.data, message.data.data(), length);
        recv.msg.data_len = static_cast<unsigned short>(length);
        if (length < message.data.size()) return fail(EMSGSIZE);  // the driver's TRUNC behaviour
        return 0;
    }
    int error_ = 0;
};

}  // namespace ipmiprov::bridge::testing_support
