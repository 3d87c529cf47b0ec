#include "provider/snapshot/remote_source.hpp"

#include <algorithm>
#include <array>

#include "bridge/system_guid.hpp"
#include "provider/cim/remote.hpp"

namespace ipmiprov::provider::snapshot {

using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;
using nlohmann::json;

bridge::Status RemoteSource::load(std::span<const Part> parts) {
    const auto here = [this](Part part) {
        switch (part) {
            case Part::Device:
                return device_id_.has_value();
            case Part::Sdr:
                return repository_ != nullptr;
            case Part::Readings:
                return sensors_ != nullptr;
            case Part::Sel:
                return sel_part_ != nullptr;
            case Part::SelInfo:
                return sel_summary_ != nullptr;
            case Part::Chassis:
                return chassis_.has_value();
            case Part::Fru:
                return fru_ != nullptr;
            case Part::Users:
                return users_ != nullptr;
        }
        return false;
    };
    std::vector<Part> missing;
    json names = json::array();
    for (const auto part : parts) {
        if (here(part)) continue;
        missing.push_back(part);
        names.push_back(part_name(part));
    }
    if (missing.empty()) return bridge::success();
    json request{{"op", "snapshot"}, {"parts", names}, {"fresh", options_.fresh}};
    if (!only_.empty() && std::find(missing.begin(), missing.end(), Part::Readings) != missing.end())
        request["only"] = only_;
    auto reply = client_.call(request, options_.timeout);
    if (!reply.ok()) return reply.error();
    if (auto stale = cim::stale_note_of(*reply)) stale_note_ = stale;
    // The SDR first: the readings are converted with its records.
    for (const auto part : kParts) {
        if (std::find(missing.begin(), missing.end(), part) == missing.end()) continue;
        if (auto taken = take(part, *reply); !taken.ok()) return taken;
    }
    return bridge::success();
}

void RemoteSource::take_definitions(std::shared_ptr<const sdr::Repository> repository) {
    repository_ = std::move(repository);
    definitions_ =
        std::make_shared<const std::vector<sensor::SensorDefinition>>(sensor::sensor_definitions(*repository_));
}

bridge::Status RemoteSource::take(Part part, const json& reply) {
    const auto name = std::string(part_name(part));
    const auto found = reply.find(name);
    if (found == reply.end()) return make_error(ErrorKind::Protocol, "ipmiprovd: the snapshot has no \"" + name + "\"");
    switch (part) {
        case Part::Device: {
            if (!found->is_string()) return make_error(ErrorKind::Protocol, "ipmiprovd: \"device\" must be hex");
            auto data = bytes_from_hex(found->get_ref<const std::string&>(), 255);
            if (!data.ok()) return make_error(ErrorKind::Protocol, "ipmiprovd: \"device\": " + data.error().message);
            device_id_ = std::move(*data);
            if (const auto guid = reply.find("system_guid"); guid != reply.end())
                system_guid_ = system_guid_from_wire(*guid);
            return bridge::success();
        }
        case Part::Sdr: {
            auto repository = repository_from_wire(*found);
            if (!repository.ok()) return repository.error();
            take_definitions(std::make_shared<const sdr::Repository>(std::move(*repository)));
            return bridge::success();
        }
        case Part::Readings: {
            auto samples = samples_from_wire(*found);
            if (!samples.ok()) return samples.error();
            if (!definitions_ || samples->size() != definitions_->size())
                return make_error(ErrorKind::Protocol,
                                  "ipmiprovd: " + std::to_string(samples->size()) + " samples for " +
                                      std::to_string(definitions_ ? definitions_->size() : 0) + " sensors");
            auto snapshot = std::make_shared<cim::SensorSnapshot>();
            snapshot->repository = repository_;
            snapshot->definitions = definitions_;
            snapshot->samples = std::move(*samples);
            snapshot->values.reserve(snapshot->samples.size());
            for (std::size_t i = 0; i < snapshot->samples.size(); ++i)
                snapshot->values.push_back(sensor::evaluate((*definitions_)[i], snapshot->samples[i], true));
            sensors_ = std::move(snapshot);
            return bridge::success();
        }
        case Part::Sel: {
            auto sel = sel_from_wire(*found);
            if (!sel.ok()) return sel.error();
            auto snapshot = std::make_shared<cim::SelSnapshot>();
            snapshot->state = sel->state;
            snapshot->entries.reserve(sel->entries.size());
            for (const auto& raw : sel->entries) {
                auto entry = sel::decode_entry(raw);
                if (!entry.ok()) return make_error(ErrorKind::Protocol, "ipmiprovd: " + entry.error().message);
                snapshot->entries.push_back(*entry);
            }
            sel_part_ = std::make_shared<const SelPart>(std::move(*sel));
            sel_ = std::move(snapshot);
            return bridge::success();
        }
        case Part::SelInfo: {
            auto summary = sel_from_wire(*found);
            if (!summary.ok()) return summary.error();
            sel_summary_ = std::make_shared<const SelPart>(std::move(*summary));
            return bridge::success();
        }
        case Part::Chassis: {
            auto chassis = chassis_from_wire(*found);
            if (!chassis.ok()) return chassis.error();
            chassis_ = std::move(*chassis);
            return bridge::success();
        }
        case Part::Fru: {
            auto devices = fru_from_wire(*found);
            if (!devices.ok()) return devices.error();
            fru_ = std::make_shared<const std::vector<fru::DeviceReport>>(std::move(*devices));
            return bridge::success();
        }
        case Part::Users: {
            auto users = users_from_wire(*found);
            if (!users.ok()) return users.error();
            users_ = std::make_shared<const bmc::Users>(std::move(*users));
            return bridge::success();
        }
    }
    return bridge::success();
}

Result<std::vector<std::uint8_t>> RemoteSource::device_id() {
    const std::array parts{Part::Device};
    if (auto loaded = load(parts); !loaded.ok()) return loaded.error();
    return *device_id_;
}

Result<std::shared_ptr<const std::vector<fru::DeviceReport>>> RemoteSource::fru() {
    const std::array parts{Part::Fru};
    if (auto loaded = load(parts); !loaded.ok()) return loaded.error();
    return fru_;
}

Result<std::shared_ptr<const bmc::Users>> RemoteSource::users() {
    const std::array parts{Part::Users};
    if (auto loaded = load(parts); !loaded.ok()) return loaded.error();
    return users_;
}

Result<std::array<std::uint8_t, 16>> RemoteSource::system_guid() {
    const std::array parts{Part::Device};
    if (auto loaded = load(parts); !loaded.ok()) return loaded.error();
    if (!system_guid_) return make_error(ErrorKind::NotFound, "ipmiprovd: no system GUID in the snapshot");
    return *system_guid_;
}

Result<bridge::DeviceId> RemoteSource::device_identity() {
    auto data = device_id();
    if (!data.ok()) return data.error();
    return bridge::decode_device_id(*data);
}

Result<std::string> RemoteSource::platform_guid() {
    auto guid = system_guid();
    if (!guid.ok()) return guid.error();
    return bridge::guid_text(*guid);
}

Result<std::shared_ptr<const sdr::Repository>> RemoteSource::repository() {
    const std::array parts{Part::Sdr};
    if (auto loaded = load(parts); !loaded.ok()) return loaded.error();
    return repository_;
}

Result<std::shared_ptr<const SelPart>> RemoteSource::sel_part() {
    const std::array parts{Part::Sel};
    if (auto loaded = load(parts); !loaded.ok()) return loaded.error();
    return sel_part_;
}

Result<std::shared_ptr<const SelPart>> RemoteSource::sel_summary() {
    const std::array parts{Part::SelInfo};
    if (auto loaded = load(parts); !loaded.ok()) return loaded.error();
    return sel_summary_;
}

Result<std::shared_ptr<const std::vector<sensor::SensorDefinition>>> RemoteSource::definitions() {
    const std::array parts{Part::Sdr};
    if (auto loaded = load(parts); !loaded.ok()) return loaded.error();
    return definitions_;
}

Result<std::shared_ptr<const cim::SensorSnapshot>> RemoteSource::sensors() {
    // The readings with the records they were read for, even when the
    // records are here already: a newer round may have a new repository.
    if (!sensors_) repository_.reset();
    const std::array parts{Part::Sdr, Part::Readings};
    if (auto loaded = load(parts); !loaded.ok()) return loaded.error();
    return sensors_;
}

Result<std::shared_ptr<const cim::SensorSnapshot>> RemoteSource::sensors_of(std::vector<std::size_t> indices) {
    if (indices.empty() || indices.size() > 64) return sensors();
    only_ = std::move(indices);
    auto got = sensors();
    only_.clear();
    return got;
}

Result<cim::SelState> RemoteSource::sel_state() {
    auto part = sel_part();
    if (!part.ok()) return part.error();
    return (*part)->state;
}

Result<std::shared_ptr<const cim::SelSnapshot>> RemoteSource::sel() {
    auto part = sel_part();
    if (!part.ok()) return part.error();
    return sel_;
}

bridge::Status RemoteSource::clear_sel() {
    return make_error(ErrorKind::Unsupported, "ipmiprovd's snapshots are read-only: clear the SEL through the daemon");
}

bridge::Status RemoteSource::write_threshold(const sensor::SensorDefinition&, sdr::ThresholdIndex, std::uint8_t) {
    return make_error(ErrorKind::Unsupported,
                      "ipmiprovd's snapshots are read-only: write thresholds through the daemon");
}

Result<chassis::ChassisStatus> RemoteSource::chassis_status() {
    if (chassis_error_) return *chassis_error_;  // asked once per source, as the rest
    const std::array parts{Part::Chassis};
    if (auto loaded = load(parts); !loaded.ok()) {
        chassis_error_ = loaded.error();
        return loaded.error();
    }
    return chassis::decode_chassis_status(chassis_->status);
}

cim::PowerRequest RemoteSource::power_request() const {
    return chassis_ ? chassis_->request : cim::PowerRequest{};
}

bridge::Result<bridge::Response> RemoteSource::exchange(const bridge::Request& request, bridge::Resend) {
    if (chassis::changes_chassis(request)) {
        chassis_.reset();
        chassis_error_.reset();
    }
    auto reply = client_.call(nlohmann::json{{"op", "transport"}, {"request", bridge::request_to_json(request)}},
                              options_.timeout);
    if (!reply.ok()) return reply.error();
    if (!reply->contains("response")) return make_error(ErrorKind::Protocol, "ipmiprovd: reply without \"response\"");
    return bridge::response_from_json((*reply)["response"]);
}

std::vector<std::string> RemoteSource::problems() const {
    std::vector<std::string> problems;
    if (repository_)
        for (const auto& problem : repository_->problems) problems.push_back("SDR: " + problem);
    if (stale_note_) problems.push_back("note: " + *stale_note_);
    return problems;
}

}  // namespace ipmiprov::provider::snapshot
