// Command semantics of the simulated BMC, per IPMI 2.0 chapters 20 (App),
// 22 (Send/Get Message), 31 (SEL), 33 (SDR repository) and 35 (sensors).
#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>

#include "bridge/bytes.hpp"
#include "bridge/sim_bmc.hpp"
#include "bridge/sim_chassis.hpp"
#include "bridge/spec_tables.hpp"

namespace ipmiprov::bridge::sim {
namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint16_t kLastRecord = 0xFFFF;
constexpr std::size_t kSelEntrySize = 16;

Response reply(std::uint8_t code, Bytes data = {}) {
    return Response{code, std::move(data)};
}

Bytes device_id_reply(const DeviceIdentity& id) {
    Bytes out{id.device_id,
              static_cast<std::uint8_t>((id.provides_device_sdrs ? 0x80 : 0x00) | (id.device_revision & 0x0F)),
              static_cast<std::uint8_t>((id.in_firmware_update ? 0x80 : 0x00) | (id.firmware_major & 0x7F)),
              id.firmware_minor,
              id.ipmi_version,
              id.device_support};
    put_u24le(out, id.manufacturer_id & 0x0FFFFF);
    put_u16le(out, id.product_id);
    out.insert(out.end(), id.aux_firmware.begin(), id.aux_firmware.end());
    return out;
}

const SimSensor* find_sensor(const SimController& mc, std::uint8_t lun, std::uint8_t number) {
    auto found = std::find_if(mc.sensors.begin(), mc.sensors.end(),
                              [&](const SimSensor& s) { return s.lun == lun && s.number == number && !s.absent; });
    return found == mc.sensors.end() ? nullptr : &*found;
}

// §35.14 Get Sensor Reading, §35.9 Get Sensor Thresholds, §35.5 Get Sensor
// Reading Factors: the part every controller (BMC or satellite) answers.
std::optional<Response> sensor_command(const SimController& mc, const Request& request) {
    if (request.netfn != netfn::kSensorEvent) return std::nullopt;
    if (request.cmd != 0x2D && request.cmd != 0x27 && request.cmd != 0x23) return std::nullopt;
    if (request.data.empty()) return reply(cc::kLengthInvalid);
    const SimSensor* sensor = find_sensor(mc, request.lun, request.data[0]);
    if (sensor == nullptr) return reply(cc::kNotPresent);
    if (request.cmd == 0x2D) {
        const auto flags =
            static_cast<std::uint8_t>((sensor->events_enabled ? 0x80 : 0) | (sensor->scanning_enabled ? 0x40 : 0) |
                                      (sensor->unavailable ? 0x20 : 0));
        return reply(cc::kOk, {sensor->reading, flags, static_cast<std::uint8_t>(sensor->state_bits & 0xFF),
                               static_cast<std::uint8_t>(0x80 | ((sensor->state_bits >> 8) & 0x7F))});
    }
    if (request.cmd == 0x27) {
        if (!sensor->thresholds) return reply(cc::kInvalidCommand);
        return reply(cc::kOk, Bytes(sensor->thresholds->begin(), sensor->thresholds->end()));
    }
    if (request.data.size() < 2) return reply(cc::kLengthInvalid);
    if (!sensor->reading_factors) return reply(cc::kInvalidCommand);
    Bytes out{static_cast<std::uint8_t>(request.data[1] + 1)};
    out.insert(out.end(), sensor->reading_factors->begin(), sensor->reading_factors->end());
    return reply(cc::kOk, std::move(out));
}

}  // namespace

std::uint16_t SdrRecord::record_id() const {
    if (bytes.size() < 2) return 0;
    return static_cast<std::uint16_t>(bytes[0] | (bytes[1] << 8));
}

struct SimBmc::State {
    Fixture fixture;
    SimChassis chassis;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::uint16_t sdr_reservation = 0;
    bool sdr_reservation_valid = false;
    int get_sdr_count = 0;
    int get_sel_count = 0;
    bool sdr_change_applied = false;
    std::uint16_t sel_reservation = 0;
    bool sel_reservation_valid = false;
    std::deque<std::array<std::uint8_t, kSelEntrySize>> sel;
    std::uint16_t next_sel_id = 1;
    std::uint32_t sel_addition = 0xFFFFFFFF;
    std::uint32_t sel_erase = 0xFFFFFFFF;
    bool sel_overflow = false;
    int erase_polls_left = 0;
    std::int64_t sel_time_adjust = 0;
    std::deque<Bytes> message_queue;  // Get Message queue (bridged replies)
    std::uint64_t handled = 0;
    std::vector<int> rule_matches;
    std::map<std::pair<std::uint8_t, std::uint8_t>, Response> last_replies;  // (netfn, cmd): for repeat_last_reply

    explicit State(Fixture f) : fixture(std::move(f)) {
        for (auto entry : fixture.sel.entries) store_sel(entry, false);
    }

    std::uint32_t sel_now() const {
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
        return static_cast<std::uint32_t>(fixture.sel.time + elapsed.count() + sel_time_adjust);
    }

    std::uint16_t store_sel(std::array<std::uint8_t, kSelEntrySize> entry, bool stamp) {
        if (sel.size() >= fixture.sel.capacity) {
            sel_overflow = true;
            if (!fixture.sel.overwrite_when_full || sel.empty()) return 0;
            sel.pop_front();
        }
        const std::uint16_t id = next_sel_id;
        next_sel_id = static_cast<std::uint16_t>(next_sel_id == 0xFFFE ? 1 : next_sel_id + 1);
        entry[0] = static_cast<std::uint8_t>(id & 0xFF);
        entry[1] = static_cast<std::uint8_t>(id >> 8);
        if (stamp && entry[2] < 0xE0) {  // record types E0h-FFh carry no timestamp (§32.3)
            const auto now = sel_now();
            for (int i = 0; i < 4; ++i) entry[3 + i] = static_cast<std::uint8_t>((now >> (8 * i)) & 0xFF);
        }
        sel.push_back(entry);
        note_sel_change();
        return id;
    }

    // The addition timestamp (§31.2) moves on with every change, also within
    // one second of the clock, so that a reader polling within the second
    // sees it (a real BMC's second-granular one shows it at the next change).
    void note_sel_change() {
        const auto now = sel_now();
        sel_addition = sel_addition != 0xFFFFFFFF && now <= sel_addition ? sel_addition + 1 : now;
    }

    std::optional<std::size_t> sel_index(std::uint16_t record_id) const {
        if (sel.empty()) return std::nullopt;
        if (record_id == kLastRecord) return sel.size() - 1;
        if (record_id == 0) return 0;
        auto found = std::find_if(sel.begin(), sel.end(), [&](const auto& e) {
            return static_cast<std::uint16_t>(e[0] | (e[1] << 8)) == record_id;
        });
        if (found == sel.end()) return std::nullopt;
        return static_cast<std::size_t>(found - sel.begin());
    }

    // Delete SEL Entry (§31.8); the ID deleted, nullopt when there is none.
    std::optional<std::uint16_t> delete_sel(std::uint16_t record_id) {
        const auto index = sel_index(record_id);
        if (!index) return std::nullopt;
        const auto id = static_cast<std::uint16_t>(sel[*index][0] | (sel[*index][1] << 8));
        sel.erase(sel.begin() + static_cast<std::ptrdiff_t>(*index));
        sel_reservation_valid = false;  // the SEL changed under any reservation (§31.4)
        note_sel_change();
        if (fixture.sel.erase_timestamp_on_delete) sel_erase = sel_now();
        return id;
    }

    // ---- App (§20, §22) ----
    Response get_device_id(const Request&) { return reply(cc::kOk, device_id_reply(fixture.bmc.identity)); }

    Response send_message(const Request& request) {
        // data: channel/tracking, rsSA, netFn/rsLUN, chk1, rqSA, rqSeq/rqLUN, cmd, data..., chk2
        if (request.data.size() < 8) return reply(cc::kLengthInvalid);
        const std::uint8_t channel = request.data[0] & 0x0F;
        std::span<const std::uint8_t> ipmb(request.data.begin() + 1, request.data.end());
        if (ipmb_checksum(ipmb.first(2)) != ipmb[2] || ipmb_checksum(ipmb.subspan(3, ipmb.size() - 4)) != ipmb.back()) {
            return reply(cc::kInvalidField);
        }
        auto satellite = fixture.satellites.find({channel, ipmb[0]});
        if (satellite == fixture.satellites.end()) return reply(cc::kNakOnWrite);
        Request inner{static_cast<std::uint8_t>(ipmb[1] >> 2), ipmb[5], static_cast<std::uint8_t>(ipmb[1] & 3),
                      Target::ipmb(channel, ipmb[0]), Bytes(ipmb.begin() + 6, ipmb.end() - 1)};
        auto answer = satellite_answer(satellite->second, inner);
        queue_bridged_reply(channel, ipmb, answer);
        return reply(cc::kOk);
    }

    static Response satellite_answer(const SimController& mc, const Request& inner) {
        if (inner.netfn == netfn::kApp && inner.cmd == 0x01) return reply(cc::kOk, device_id_reply(mc.identity));
        if (auto answer = sensor_command(mc, inner)) return *answer;
        return reply(cc::kInvalidCommand);
    }

    // The reply as Get Message returns it (the layout the Linux driver
    // parses): channel, netFn/rqLUN, chk1, rsSA, rqSeq/rsLUN, cmd, cc, data, chk2.
    void queue_bridged_reply(std::uint8_t channel, std::span<const std::uint8_t> ipmb, const Response& answer) {
        const auto rs_lun = static_cast<std::uint8_t>(ipmb[1] & 3);
        const auto rq_lun = static_cast<std::uint8_t>(ipmb[4] & 3);
        const auto rsp_netfn = static_cast<std::uint8_t>(((ipmb[1] >> 2) | 1) << 2);
        Bytes header{ipmb[3], static_cast<std::uint8_t>(rsp_netfn | rq_lun)};
        Bytes body{ipmb[0], static_cast<std::uint8_t>((ipmb[4] & 0xFC) | rs_lun), ipmb[5], answer.completion_code};
        body.insert(body.end(), answer.data.begin(), answer.data.end());
        Bytes message{channel, header[1], ipmb_checksum(header)};
        message.insert(message.end(), body.begin(), body.end());
        message.push_back(ipmb_checksum(body));
        message_queue.push_back(std::move(message));
    }

    Response get_message(const Request&) {
        if (message_queue.empty()) return reply(cc::kMessageQueueEmpty);
        auto message = std::move(message_queue.front());
        message_queue.pop_front();
        return reply(cc::kOk, std::move(message));
    }

    // ---- SDR repository (§33) ----
    // A controller whose device support byte lacks "SDR repository device"
    // (Get Device ID byte 6, bit 1) has no such command.
    [[nodiscard]] bool has_sdr_repository() const { return (fixture.bmc.identity.device_support & 0x02) != 0; }

    Response get_sdr_repository_info(const Request&) {
        if (!has_sdr_repository()) return reply(cc::kInvalidCommand);
        Bytes out{fixture.sdr_version};
        put_u16le(out, static_cast<std::uint16_t>(fixture.sdr.size()));
        put_u16le(out, 0xFFFE);  // free space: "unspecified / as much as needed"
        put_u32le(out, fixture.sdr_addition_timestamp);
        put_u32le(out, fixture.sdr_erase_timestamp);
        out.push_back(0x03);  // reserve supported, allocation info supported
        return reply(cc::kOk, std::move(out));
    }

    Response reserve_sdr(const Request&) {
        sdr_reservation = static_cast<std::uint16_t>(sdr_reservation + 1 == 0 ? 1 : sdr_reservation + 1);
        sdr_reservation_valid = true;
        Bytes out;
        put_u16le(out, sdr_reservation);
        return reply(cc::kOk, std::move(out));
    }

    static std::optional<std::size_t> sdr_index(const std::vector<SdrRecord>& repository, std::uint16_t record_id) {
        if (repository.empty()) return std::nullopt;
        if (record_id == 0x0000) return 0;
        if (record_id == kLastRecord) return repository.size() - 1;
        for (std::size_t i = 0; i < repository.size(); ++i) {
            if (repository[i].record_id() == record_id) return i;
        }
        return std::nullopt;
    }

    static std::uint16_t sdr_next_id(const std::vector<SdrRecord>& repository, std::size_t index) {
        const auto& record = repository[index];
        if (record.next_override) return *record.next_override;
        return index + 1 < repository.size() ? repository[index + 1].record_id() : kLastRecord;
    }

    // §33.12 Get SDR and §35.4 Get Device SDR share their request and reply layout.
    Response get_sdr_from(const std::vector<SdrRecord>& repository, const Request& request) {
        ByteReader in(request.data);
        auto reservation = in.u16le();
        auto record_id = in.u16le();
        auto offset = in.u8();
        auto count = in.u8();
        if (!count) return reply(cc::kLengthInvalid);
        apply_sdr_change(repository);
        ++get_sdr_count;
        const int every = fixture.faults.cancel_reservation_every;
        if (every > 0 && get_sdr_count % every == 0) sdr_reservation_valid = false;
        // A reservation is only required for partial reads (offset > 0).
        if (*offset != 0 && (!sdr_reservation_valid || *reservation != sdr_reservation))
            return reply(cc::kReservationCancelled);
        auto index = sdr_index(repository, *record_id);
        if (!index) return reply(cc::kNotPresent);
        return read_slice(repository[*index].bytes, sdr_next_id(repository, *index), *offset, *count);
    }

    // Faults::sdr_change: the main repository is rewritten between two Get SDR requests.
    void apply_sdr_change(const std::vector<SdrRecord>& repository) {
        const auto& change = fixture.faults.sdr_change;
        if (!change || sdr_change_applied || &repository != &fixture.sdr || get_sdr_count < change->after_gets) return;
        sdr_change_applied = true;
        fixture.sdr = change->records;
        fixture.sdr_addition_timestamp = change->addition_timestamp;
        sdr_reservation_valid = false;
    }

    Response get_sdr(const Request& request) { return get_sdr_from(fixture.sdr, request); }
    Response get_device_sdr(const Request& request) { return get_sdr_from(fixture.device_sdr, request); }

    // §35.2 Get Device SDR Info: count (SDRs when byte 1 bit 0 is set, else sensors), flags.
    Response get_device_sdr_info(const Request& request) {
        if (!fixture.bmc.identity.provides_device_sdrs) return reply(cc::kInvalidCommand);
        const bool count_sdrs = !request.data.empty() && (request.data[0] & 0x01) != 0;
        const auto count = count_sdrs ? fixture.device_sdr.size() : fixture.bmc.sensors.size();
        return reply(cc::kOk, {static_cast<std::uint8_t>(count), 0x01});  // static population, LUN 0 has sensors
    }

    // Shared by Get SDR and Get SEL Entry: the partial-read rules.
    Response read_slice(const Bytes& record, std::uint16_t next_id, std::uint8_t offset, std::uint8_t count) {
        if (offset > record.size()) return reply(cc::kOutOfRange);
        const std::size_t available = record.size() - offset;
        std::size_t wanted = count == 0xFF ? available : std::min<std::size_t>(count, available);
        if (fixture.faults.max_read && wanted > *fixture.faults.max_read) return reply(cc::kCannotReturn);
        if (fixture.faults.short_replies) wanted = std::min(wanted, *fixture.faults.short_replies);
        Bytes out;
        put_u16le(out, next_id);
        out.insert(out.end(), record.begin() + offset, record.begin() + static_cast<std::ptrdiff_t>(offset + wanted));
        return reply(cc::kOk, std::move(out));
    }

    // ---- SEL (§31) ----
    Response get_sel_info(const Request&) {
        Bytes out{0x51};
        put_u16le(out, static_cast<std::uint16_t>(sel.size()));
        put_u16le(out, static_cast<std::uint16_t>((fixture.sel.capacity - sel.size()) * kSelEntrySize));
        put_u32le(out, sel_addition);
        put_u32le(out, sel_erase);
        out.push_back(static_cast<std::uint8_t>((sel_overflow ? 0x80 : 0) | 0x0B));  // delete, reserve, alloc info
        return reply(cc::kOk, std::move(out));
    }

    Response get_sel_allocation_info(const Request&) {
        Bytes out;
        put_u16le(out, static_cast<std::uint16_t>(fixture.sel.capacity));
        put_u16le(out, kSelEntrySize);
        put_u16le(out, static_cast<std::uint16_t>(fixture.sel.capacity - sel.size()));
        put_u16le(out, static_cast<std::uint16_t>(fixture.sel.capacity - sel.size()));
        out.push_back(kSelEntrySize);
        return reply(cc::kOk, std::move(out));
    }

    Response reserve_sel(const Request&) {
        sel_reservation = static_cast<std::uint16_t>(sel_reservation + 1 == 0 ? 1 : sel_reservation + 1);
        sel_reservation_valid = true;
        Bytes out;
        put_u16le(out, sel_reservation);
        return reply(cc::kOk, std::move(out));
    }

    Response get_sel_entry(const Request& request) {
        ByteReader in(request.data);
        auto reservation = in.u16le();
        auto record_id = in.u16le();
        auto offset = in.u8();
        auto count = in.u8();
        if (!count) return reply(cc::kLengthInvalid);
        ++get_sel_count;
        const int every = fixture.faults.cancel_sel_reservation_every;
        if (every > 0 && get_sel_count % every == 0) sel_reservation_valid = false;
        if (*offset != 0 && (!sel_reservation_valid || *reservation != sel_reservation))
            return reply(cc::kReservationCancelled);
        const auto found = sel_index(*record_id);
        if (!found) return reply(cc::kNotPresent);
        const std::size_t index = *found;
        std::uint16_t next = index + 1 < sel.size()
                                 ? static_cast<std::uint16_t>(sel[index + 1][0] | (sel[index + 1][1] << 8))
                                 : kLastRecord;
        const auto id = static_cast<std::uint16_t>(sel[index][0] | (sel[index][1] << 8));
        if (auto override = fixture.sel.next_override.find(id); override != fixture.sel.next_override.end()) {
            next = override->second;
        }
        return read_slice(Bytes(sel[index].begin(), sel[index].end()), next, *offset, *count);
    }

    Response add_sel_entry(const Request& request) {
        if (request.data.size() != kSelEntrySize) return reply(cc::kLengthInvalid);
        std::array<std::uint8_t, kSelEntrySize> entry{};
        std::copy(request.data.begin(), request.data.end(), entry.begin());
        const auto id = store_sel(entry, true);
        if (id == 0) return reply(cc::kOutOfSpace);
        Bytes out;
        put_u16le(out, id);
        return reply(cc::kOk, std::move(out));
    }

    Response delete_sel_entry(const Request& request) {
        if (request.data.size() != 4) return reply(cc::kLengthInvalid);
        ByteReader in(request.data);
        if (!sel_reservation_valid || *in.u16le() != sel_reservation) return reply(cc::kReservationCancelled);
        const auto deleted = delete_sel(*in.u16le());
        if (!deleted) return reply(cc::kNotPresent);
        Bytes out;
        put_u16le(out, *deleted);
        return reply(cc::kOk, std::move(out));
    }

    Response clear_sel(const Request& request) {
        if (request.data.size() != 6) return reply(cc::kLengthInvalid);
        ByteReader in(request.data);
        if (!sel_reservation_valid || *in.u16le() != sel_reservation) return reply(cc::kReservationCancelled);
        if (request.data[2] != 'C' || request.data[3] != 'L' || request.data[4] != 'R') return reply(cc::kInvalidField);
        const std::uint8_t action = request.data[5];
        if (action == 0xAA) {
            sel.clear();
            sel_overflow = false;
            if (fixture.sel.restart_ids_after_clear) next_sel_id = 1;
            sel_erase = sel_now();
            sel_reservation_valid = false;  // §31.9: clearing cancels the reservation
            erase_polls_left = fixture.faults.erase_polls;
            return reply(cc::kOk, {static_cast<std::uint8_t>(erase_polls_left > 0 ? 0x00 : 0x01)});
        }
        if (action != 0x00) return reply(cc::kInvalidField);
        if (erase_polls_left > 0) {
            --erase_polls_left;
            return reply(cc::kOk, {0x00});
        }
        return reply(cc::kOk, {0x01});
    }

    Response get_sel_time(const Request&) {
        Bytes out;
        put_u32le(out, sel_now());
        return reply(cc::kOk, std::move(out));
    }

    Response set_sel_time(const Request& request) {
        ByteReader in(request.data);
        auto wanted = in.u32le();
        if (!wanted || in.remaining() != 0) return reply(cc::kLengthInvalid);
        sel_time_adjust += static_cast<std::int64_t>(*wanted) - static_cast<std::int64_t>(sel_now());
        return reply(cc::kOk);
    }

    // §35.8 Set Sensor Thresholds: bytes 3-8 LNC, LCR, LNR, UNC, UCR, UNR,
    // each written when its bit is in the mask and the sensor allows it.
    Response set_sensor_thresholds(const Request& request) {
        if (request.data.size() < 8) return reply(cc::kLengthInvalid);
        auto found = std::find_if(fixture.bmc.sensors.begin(), fixture.bmc.sensors.end(), [&](const SimSensor& s) {
            return s.lun == request.lun && s.number == request.data[0] && !s.absent;
        });
        if (found == fixture.bmc.sensors.end()) return reply(cc::kNotPresent);
        if (!found->thresholds) return reply(cc::kInvalidCommand);
        const std::uint8_t mask = request.data[1] & 0x3F;
        if ((mask & ~found->settable_thresholds) != 0) return reply(cc::kInvalidField);
        if (found->ignore_threshold_writes) return reply(cc::kOk);
        auto& thresholds = *found->thresholds;
        for (std::size_t bit = 0; bit < 6; ++bit) {
            if ((mask & (1U << bit)) == 0) continue;
            thresholds[0] = static_cast<std::uint8_t>(thresholds[0] | (1U << bit));
            thresholds[1 + bit] = request.data[2 + bit];
        }
        return reply(cc::kOk);
    }

    Response get_sel_utc_offset(const Request&) {
        Bytes out;
        put_u16le(out, static_cast<std::uint16_t>(fixture.sel.utc_offset_minutes));
        return reply(cc::kOk, std::move(out));
    }

    // ---- dispatch ----
    using Handler = Response (State::*)(const Request&);
    struct Route {
        std::uint8_t netfn;
        std::uint8_t cmd;
        Handler handler;
    };
    static constexpr std::array kRoutes{
        Route{netfn::kSensorEvent, 0x20, &State::get_device_sdr_info},
        Route{netfn::kSensorEvent, 0x21, &State::get_device_sdr},
        Route{netfn::kSensorEvent, 0x22, &State::reserve_sdr},
        Route{netfn::kApp, 0x01, &State::get_device_id},
        Route{netfn::kApp, 0x33, &State::get_message},
        Route{netfn::kApp, 0x34, &State::send_message},
        Route{netfn::kStorage, 0x20, &State::get_sdr_repository_info},
        Route{netfn::kStorage, 0x22, &State::reserve_sdr},
        Route{netfn::kStorage, 0x23, &State::get_sdr},
        Route{netfn::kStorage, 0x40, &State::get_sel_info},
        Route{netfn::kStorage, 0x41, &State::get_sel_allocation_info},
        Route{netfn::kStorage, 0x42, &State::reserve_sel},
        Route{netfn::kStorage, 0x43, &State::get_sel_entry},
        Route{netfn::kStorage, 0x44, &State::add_sel_entry},
        Route{netfn::kStorage, 0x46, &State::delete_sel_entry},
        Route{netfn::kStorage, 0x47, &State::clear_sel},
        Route{netfn::kStorage, 0x48, &State::get_sel_time},
        Route{netfn::kStorage, 0x49, &State::set_sel_time},
        Route{netfn::kStorage, 0x5C, &State::get_sel_utc_offset},
        Route{netfn::kSensorEvent, 0x26, &State::set_sensor_thresholds},
    };

    Response dispatch(const Request& request) {
        if (auto answer = sensor_command(fixture.bmc, request)) return *answer;
        if (auto answer = chassis.handle(request)) return *answer;
        if (auto answer = inventory_command(fixture.inventory, request)) return *answer;
        for (const auto& route : kRoutes) {
            if (route.netfn == request.netfn && route.cmd == request.cmd) return (this->*route.handler)(request);
        }
        return reply(cc::kInvalidCommand);
    }

    // A matching fault rule answers for the BMC (or drops the reply).
    std::optional<std::optional<Response>> apply_fault(const Request& request) {
        auto& rules = fixture.faults.rules;
        rule_matches.resize(rules.size(), 0);
        for (std::size_t i = 0; i < rules.size(); ++i) {
            auto& rule = rules[i];
            if ((rule.netfn && *rule.netfn != request.netfn) || (rule.cmd && *rule.cmd != request.cmd)) continue;
            const int seen = rule_matches[i]++;
            if (seen < rule.skip) continue;
            if (rule.times >= 0 && seen - rule.skip >= rule.times) continue;
            if (rule.drop_reply) return std::optional<Response>{};
            if (rule.completion_code) return std::optional<Response>{reply(*rule.completion_code)};
            if (const auto last = last_replies.find({request.netfn, request.cmd});
                rule.repeat_last_reply && last != last_replies.end()) {
                return std::optional<Response>{last->second};
            }
        }
        return std::nullopt;
    }
};

SimBmc::SimBmc(Fixture fixture) : state_(std::make_unique<State>(std::move(fixture))) {}
SimBmc::~SimBmc() = default;

std::optional<Response> SimBmc::handle(const Request& request) {
    ++state_->handled;
    if (auto fault = state_->apply_fault(request)) return *fault;
    auto response = state_->dispatch(request);
    state_->last_replies[{request.netfn, request.cmd}] = response;
    return response;
}

void SimBmc::add_fault(FaultRule rule) {
    state_->fixture.faults.rules.push_back(rule);
}
Faults& SimBmc::faults() {
    return state_->fixture.faults;
}

void SimBmc::set_sensor_reading(std::uint8_t lun, std::uint8_t number, std::uint8_t reading, std::uint16_t state_bits) {
    for (auto& sensor : state_->fixture.bmc.sensors) {
        if (sensor.lun == lun && sensor.number == number) {
            sensor.reading = reading;
            sensor.state_bits = state_bits;
        }
    }
}

std::uint16_t SimBmc::add_sel_entry(std::array<std::uint8_t, 16> entry) {
    return state_->store_sel(entry, true);
}
bool SimBmc::delete_sel_entry(std::uint16_t record_id) {
    return state_->delete_sel(record_id).has_value();
}
std::size_t SimBmc::sel_size() const {
    return state_->sel.size();
}
const SimChassisState& SimBmc::chassis() const {
    return state_->chassis.state();
}
std::uint64_t SimBmc::requests_handled() const {
    return state_->handled;
}

}  // namespace ipmiprov::bridge::sim
