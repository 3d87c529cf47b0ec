// ipmiprovd's socket protocol (docs/daemon-protocol.md) from both ends.
// Server: the byte stream a local process writes, cut into frames by the
// same FrameReader the server uses (in pieces of the input's choosing), each
// payload answered by the daemon's Handler over the built-in simulated BMC,
// as root or as an unprivileged peer. Every reply must be a JSON object with
// "ok", even with text that is not UTF-8 in it: the system name here is
// Latin-1 (issue 18: a hello then aborted the daemon). Client: each payload
// read as a reply, through the decoders the CLI and the provider ABI use for
// the daemon's answers and for the SEL events it pushes. And the bytes as an
// HTTP request head to the metrics endpoint (issue 25).
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "bridge/daemon_client.hpp"
#include "bridge/frame.hpp"
#include "fuzz_input.hpp"
#include "handler.hpp"
#include "http.hpp"
#include "provider/cim/sel_subscription.hpp"
#include "provider/cim/wire.hpp"
#include "provider/fru/output.hpp"
#include "provider/metrics/exposition.hpp"
#include "provider/snapshot/inventory_wire.hpp"
#include "provider/snapshot/wire.hpp"
#include "state.hpp"

namespace {

using namespace ipmiprov;
using nlohmann::json;

daemon::Handler& handler() {
    static daemon::DaemonState state([] {
        daemon::StateOptions options;
        options.connect.sim = bridge::kBuiltinFixtureName;
        options.system_name = "r\xE4\x63k-h\xF6st";  // Latin-1: "räck-höst"
        options.engine.sleep = [](std::chrono::milliseconds) {};
        options.max_age = std::chrono::hours(1);  // the BMC is read once; requests are answered from the snapshots
        return options;
    }());
    static daemon::Handler instance(state, daemon::AccessPolicy{});
    return instance;
}

void serve(std::string_view payload, const daemon::Peer& peer) {
    const auto reply = json::parse(*handler().handle(payload, peer), nullptr, false);
    if (reply.is_discarded() || !reply.is_object() || !reply.contains("ok")) {
        std::fprintf(stderr, "the daemon's reply is not an object with \"ok\"\n");
        std::abort();
    }
}

void read_as_reply(std::string_view payload) {
    // As a message pushed on a subscription (the ABI's and CMPI's SEL events).
    (void)provider::cim::decode_pushed(payload);
    const auto document = json::parse(payload, nullptr, false);
    if (document.is_discarded()) return;
    (void)bridge::error_from_json(document);
    (void)bridge::request_from_json(document);
    (void)bridge::response_from_json(document);
    (void)provider::cim::instances_from_wire(document);
    (void)provider::cim::instance_from_wire(document);
    (void)provider::cim::path_from_wire(document);
    (void)provider::cim::properties_from_wire(document);
    (void)provider::cim::value_from_wire(document);
    // A snapshot reply's parts (op "snapshot"), whole or as the reply holds them.
    for (const auto* part :
         {&document, document.is_object() && document.contains("sdr") ? &document["sdr"] : nullptr,
          document.is_object() && document.contains("readings") ? &document["readings"] : nullptr,
          document.is_object() && document.contains("sel") ? &document["sel"] : nullptr,
          document.is_object() && document.contains("chassis") ? &document["chassis"] : nullptr,
          document.is_object() && document.contains("fru") ? &document["fru"] : nullptr,
          document.is_object() && document.contains("users") ? &document["users"] : nullptr,
          document.is_object() && document.contains("system_guid") ? &document["system_guid"] : nullptr}) {
        if (part == nullptr) continue;
        (void)provider::snapshot::repository_from_wire(*part);
        (void)provider::snapshot::samples_from_wire(*part);
        (void)provider::snapshot::sel_from_wire(*part);
        (void)provider::snapshot::chassis_from_wire(*part);
        (void)provider::snapshot::system_guid_from_wire(*part);
        // The inventory: decoded as the CLI shows it.
        if (auto devices = provider::snapshot::fru_from_wire(*part); devices.ok())
            for (const auto& device : *devices) (void)provider::fru::device_json(device).dump();
        if (auto users = provider::snapshot::users_from_wire(*part); users.ok())
            (void)provider::bmc::users_json(*users, true).dump();
    }
}

}  // namespace

// The same bytes as a request to the metrics endpoint (http.hpp): a head is
// found within what came, parsed or named, never read past its end.
void read_as_http(const std::uint8_t* data, std::size_t size) {
    const std::string_view received(reinterpret_cast<const char*>(data), size);
    const auto end = daemon::http::head_end(received);
    if (end && *end > size) std::abort();
    auto request = daemon::http::parse_request(end ? received.substr(0, *end) : received);
    if (request.ok() && (request->path.empty() || request->path.front() != '/' || request->method.empty()))
        std::abort();
    if (!request.ok() && request.error().message.empty()) std::abort();
    if (request.ok()) (void)provider::metrics::negotiate(request->accept);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    read_as_http(data, size);
    fuzz::FuzzInput input(data, size);
    const daemon::Peer peer{1, (input.byte() & 1) != 0 ? 0U : 1000U, 1000};
    bridge::FrameReader reader(bridge::kMaxRequestPayload);
    while (!input.empty()) {
        auto payloads = reader.feed(input.chunk());
        if (!payloads.ok()) break;
        for (const auto& payload : payloads.value()) {
            serve(payload, peer);
            read_as_reply(payload);
        }
    }
    return 0;
}
