#include "provider/fru/output.hpp"

#include <cstdio>
#include <ctime>
#include <iomanip>

#include "bridge/device_id.hpp"
#include "bridge/message.hpp"

namespace ipmiprov::provider::fru {
namespace {

using nlohmann::ordered_json;

ordered_json field_json(const std::optional<Field>& field) {
    if (!field) return nullptr;
    return field->text;
}

ordered_json fields_json(const std::vector<Field>& fields) {
    auto array = ordered_json::array();
    for (const auto& field : fields) array.push_back(field.text);
    return array;
}

std::string volts(std::int32_t millivolts) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f V", millivolts / 1000.0);
    return text;
}

std::string manufacturer_text(std::uint32_t id) {
    return bridge::manufacturer_name(id).value_or("manufacturer " + std::to_string(id));
}

ordered_json optional_number(const auto& value) {
    if (!value) return nullptr;
    return *value;
}

ordered_json payload_json(const RecordPayload& payload) {
    if (const auto* p = std::get_if<PowerSupply>(&payload)) {
        return {{"overall_capacity_w", p->overall_capacity_w},
                {"peak_va", optional_number(p->peak_va)},
                {"inrush_current_a", optional_number(p->inrush_current_a)},
                {"inrush_interval_ms", p->inrush_interval_ms},
                {"input_voltage_range_1_mv", {p->low_input_voltage_1_mv, p->high_input_voltage_1_mv}},
                {"input_voltage_range_2_mv", {p->low_input_voltage_2_mv, p->high_input_voltage_2_mv}},
                {"input_frequency_hz", {p->low_input_frequency_hz, p->high_input_frequency_hz}},
                {"ac_dropout_tolerance_ms", p->ac_dropout_tolerance_ms},
                {"predictive_fail", p->predictive_fail},
                {"power_factor_correction", p->power_factor_correction},
                {"autoswitch", p->autoswitch},
                {"hot_swap", p->hot_swap},
                {"predictive_fail_tach_output", p->predictive_fail_tach_output},
                {"peak_capacity_w", optional_number(p->peak_capacity_w)},
                {"hold_up_time_s", p->hold_up_time_s},
                {"combined_voltages", {p->combined_voltage_1, p->combined_voltage_2}},
                {"total_combined_wattage_w", p->total_combined_wattage_w},
                {"tach_lower_threshold_rps", p->tach_lower_threshold_rps}};
    }
    if (const auto* o = std::get_if<DcOutput>(&payload)) {
        return {{"output_number", o->output_number},
                {"standby", o->standby},
                {"nominal_mv", o->nominal_mv},
                {"max_negative_deviation_mv", o->max_negative_deviation_mv},
                {"max_positive_deviation_mv", o->max_positive_deviation_mv},
                {"ripple_mv", o->ripple_mv},
                {"min_current_ma", o->min_current_ma},
                {"max_current_ma", o->max_current_ma}};
    }
    if (const auto* l = std::get_if<DcLoad>(&payload)) {
        return {{"output_number", l->output_number},
                {"nominal_mv", l->nominal_mv},
                {"min_mv", l->min_mv},
                {"max_mv", l->max_mv},
                {"ripple_mv", l->ripple_mv},
                {"min_current_ma", l->min_current_ma},
                {"max_current_ma", l->max_current_ma}};
    }
    if (const auto* m = std::get_if<ManagementAccess>(&payload)) {
        ordered_json name = nullptr;
        if (auto text = management_access_name(m->subtype)) name = std::string(*text);
        return {{"subtype", m->subtype}, {"subtype_name", name}, {"value", m->value}};
    }
    if (const auto* c = std::get_if<Compatibility>(&payload)) {
        return {{"manufacturer_id", c->manufacturer_id},
                {"entity_id", c->entity_id},
                {"compatibility_base", c->compatibility_base},
                {"code_start", c->code_start},
                {"code_range_mask", bridge::hex(c->code_range_mask)}};
    }
    if (const auto* oem = std::get_if<OemRecord>(&payload)) return {{"manufacturer_id", oem->manufacturer_id}};
    return nullptr;
}

ordered_json record_json(const MultiRecord& record) {
    return {{"offset", record.offset},
            {"type", record.type},
            {"type_name", std::string(record_type_name(record.type))},
            {"format_version", record.format_version},
            {"checksum_ok", record.checksum_ok},
            {"data", bridge::hex(record.data)},
            {"decoded", payload_json(record.payload)}};
}

std::string controller_text(const Device& device) {
    return bridge::byte_text(device.target.slave_address);
}

// The labels and values of the text form, in order.
using Rows = std::vector<std::pair<std::string, std::string>>;

void add(Rows& rows, const std::string& label, const std::optional<Field>& field) {
    if (field && !field->text.empty()) rows.emplace_back(label, field->text);
}

void add_custom(Rows& rows, const std::string& label, const std::vector<Field>& fields) {
    for (const auto& field : fields)
        if (!field.text.empty()) rows.emplace_back(label, field.text);
}

Rows inventory_rows(const Inventory& inventory) {
    Rows rows;
    if (const auto& c = inventory.chassis) {
        const auto name = chassis_type_name(c->type);
        rows.emplace_back("Chassis type", name ? std::string(*name) : "type " + bridge::byte_text(c->type));
        add(rows, "Chassis part number", c->part_number);
        add(rows, "Chassis serial", c->serial_number);
        add_custom(rows, "Chassis extra", c->custom);
    }
    if (const auto& b = inventory.board) {
        rows.emplace_back("Board mfg date", b->manufactured ? iso8601(*b->manufactured) : "unspecified");
        add(rows, "Board manufacturer", b->manufacturer);
        add(rows, "Board product", b->product_name);
        add(rows, "Board serial", b->serial_number);
        add(rows, "Board part number", b->part_number);
        add(rows, "Board FRU file ID", b->fru_file_id);
        add_custom(rows, "Board extra", b->custom);
    }
    if (const auto& p = inventory.product) {
        add(rows, "Product manufacturer", p->manufacturer);
        add(rows, "Product name", p->product_name);
        add(rows, "Product part number", p->part_number);
        add(rows, "Product version", p->version);
        add(rows, "Product serial", p->serial_number);
        add(rows, "Product asset tag", p->asset_tag);
        add(rows, "Product FRU file ID", p->fru_file_id);
        add_custom(rows, "Product extra", p->custom);
    }
    for (const auto& record : inventory.records) rows.emplace_back("Multi-record", record_summary(record));
    return rows;
}

}  // namespace

std::string iso8601(std::int64_t seconds) {
    const auto time = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&time, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string record_summary(const MultiRecord& record) {
    std::string text(record_type_name(record.type));
    const auto& payload = record.payload;
    if (const auto* p = std::get_if<PowerSupply>(&payload)) {
        text += ": " + std::to_string(p->overall_capacity_w) + " W, input " + volts(p->low_input_voltage_1_mv) +
                " to " + volts(p->high_input_voltage_1_mv);
        if (p->hot_swap) text += ", hot swap";
    } else if (const auto* o = std::get_if<DcOutput>(&payload)) {
        text += ": output " + std::to_string(o->output_number) + " " + volts(o->nominal_mv) + ", up to " +
                std::to_string(o->max_current_ma) + " mA" + (o->standby ? ", standby" : "");
    } else if (const auto* l = std::get_if<DcLoad>(&payload)) {
        text += ": output " + std::to_string(l->output_number) + " " + volts(l->nominal_mv) + ", up to " +
                std::to_string(l->max_current_ma) + " mA";
    } else if (const auto* m = std::get_if<ManagementAccess>(&payload)) {
        text += ": " + std::string(management_access_name(m->subtype).value_or("reserved")) + " " + m->value;
    } else if (const auto* c = std::get_if<Compatibility>(&payload)) {
        text += ": " + manufacturer_text(c->manufacturer_id) + ", entity " + std::to_string(c->entity_id) + ", base " +
                std::to_string(c->compatibility_base);
    } else if (const auto* oem = std::get_if<OemRecord>(&payload)) {
        text += " " + bridge::byte_text(record.type) + ": " + manufacturer_text(oem->manufacturer_id) + ", " +
                bridge::hex(std::span(record.data).subspan(3));
    } else {
        text += " " + bridge::byte_text(record.type) + ": " + bridge::hex(record.data);
    }
    if (!record.checksum_ok) text += " (checksum wrong)";
    return text;
}

ordered_json device_json(const DeviceReport& r) {
    const auto& d = r.device;
    ordered_json json{{"id", d.logical ? ordered_json(d.id) : ordered_json(nullptr)},
                      {"name", d.name},
                      {"logical", d.logical},
                      {"controller", d.target.slave_address},
                      {"channel", d.target.channel},
                      {"lun", d.lun}};
    if (!d.logical) {
        json["slave_address"] = d.slave_address;
        json["private_bus"] = d.private_bus;
        json["device_type"] = d.device_type;
        json["device_type_modifier"] = d.device_type_modifier;
    }
    json["entity"] = d.entity ? ordered_json(std::to_string(d.entity->id) + "." + std::to_string(d.entity->instance))
                              : ordered_json(nullptr);
    json["error"] = r.error ? ordered_json(*r.error) : ordered_json(nullptr);
    json["size"] = r.image ? ordered_json(r.image->size) : ordered_json(nullptr);
    json["bytes_read"] = r.image ? r.image->data.size() : 0;
    json["stopped"] = r.image && r.image->stopped ? ordered_json(*r.image->stopped) : ordered_json(nullptr);
    const auto& inv = r.inventory;
    json["internal_use"] = nullptr;
    if (inv.internal_use)
        json["internal_use"] = {{"format_version", inv.internal_use->format_version},
                                {"data", bridge::hex(inv.internal_use->data)}};
    json["chassis"] = nullptr;
    if (const auto& c = inv.chassis) {
        const auto name = chassis_type_name(c->type);
        json["chassis"] = {{"type", c->type},
                           {"type_name", name ? ordered_json(std::string(*name)) : ordered_json(nullptr)},
                           {"part_number", field_json(c->part_number)},
                           {"serial_number", field_json(c->serial_number)},
                           {"custom", fields_json(c->custom)},
                           {"checksum_ok", c->checksum_ok}};
    }
    json["board"] = nullptr;
    if (const auto& b = inv.board) {
        json["board"] = {{"language", language_name(b->language)},
                         {"manufactured", b->manufactured ? ordered_json(iso8601(*b->manufactured)) : nullptr},
                         {"manufacturer", field_json(b->manufacturer)},
                         {"product_name", field_json(b->product_name)},
                         {"serial_number", field_json(b->serial_number)},
                         {"part_number", field_json(b->part_number)},
                         {"fru_file_id", field_json(b->fru_file_id)},
                         {"custom", fields_json(b->custom)},
                         {"checksum_ok", b->checksum_ok}};
    }
    json["product"] = nullptr;
    if (const auto& p = inv.product) {
        json["product"] = {{"language", language_name(p->language)},
                           {"manufacturer", field_json(p->manufacturer)},
                           {"product_name", field_json(p->product_name)},
                           {"part_number", field_json(p->part_number)},
                           {"version", field_json(p->version)},
                           {"serial_number", field_json(p->serial_number)},
                           {"asset_tag", field_json(p->asset_tag)},
                           {"fru_file_id", field_json(p->fru_file_id)},
                           {"custom", fields_json(p->custom)},
                           {"checksum_ok", p->checksum_ok}};
    }
    json["multi_records"] = ordered_json::array();
    for (const auto& record : inv.records) json["multi_records"].push_back(record_json(record));
    json["problems"] = ordered_json::array();
    for (const auto& problem : inv.problems)
        json["problems"].push_back({{"offset", problem.offset}, {"message", problem.message}});
    return json;
}

void print_device(std::ostream& out, const DeviceReport& r) {
    const auto& d = r.device;
    out << (d.logical ? "FRU device " + std::to_string(d.id) : std::string("Physical FRU device"));
    if (!d.name.empty()) out << ": " << d.name;
    if (d.target.kind == bridge::Target::Kind::Ipmb)
        out << " (controller " << controller_text(d) << ", channel " << int{d.target.channel} << ")";
    out << '\n';
    const auto row = [&out](const std::string& label, const std::string& value) {
        out << "  " << std::left << std::setw(22) << label << value << '\n';
    };
    if (!d.logical) {
        row("Not read", "a " + bridge::byte_text(d.device_type) + " device at " + bridge::byte_text(d.slave_address) +
                            " on private bus " + std::to_string(d.private_bus) + ", which Read FRU Data cannot reach");
    } else if (r.error) {
        row("Not read", *r.error);
    }
    for (const auto& [label, value] : inventory_rows(r.inventory)) row(label, value);
    char where[16];
    for (const auto& problem : r.inventory.problems) {
        std::snprintf(where, sizeof where, "%04zXh", problem.offset);
        row(std::string("Problem at ") + where, problem.message);
    }
    if (r.image && r.image->stopped) row("Read stopped", *r.image->stopped);
    out << '\n';
}

}  // namespace ipmiprov::provider::fru
