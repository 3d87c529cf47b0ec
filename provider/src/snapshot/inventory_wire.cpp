#include "provider/snapshot/inventory_wire.hpp"

#include <limits>

#include "provider/snapshot/wire.hpp"

namespace ipmiprov::provider::snapshot {
namespace {

using bridge::ErrorKind;
using bridge::Result;
using nlohmann::json;

constexpr std::size_t kMaxFruDevices = 1024;                  // 255 IDs on each controller that a locator names
constexpr std::size_t kMaxFruBytes = std::size_t{64} * 1024;  // Get FRU Inventory Area Info's size is 16 bits
constexpr std::size_t kMaxUsers = 63;                         // §22.27: 6-bit user IDs
constexpr std::size_t kMaxChannels = 16;
constexpr std::size_t kMaxText = 4096;

bridge::Error bad(const std::string& what) {
    return bridge::make_error(ErrorKind::Protocol, "ipmiprovd: malformed snapshot: " + what);
}

// Reads one object's fields; the first that is wrong is the error.
class Reader {
public:
    Reader(const json& object, std::string where) : object_(object), where_(std::move(where)) {
        if (!object_.is_object()) fail("must be an object");
    }
    template <class T>
    T number(const char* name) {
        const auto found = find(name);
        if (!found) return T{};
        const bool whole =
            found->is_number_integer() && (found->is_number_unsigned() || found->template get<std::int64_t>() >= 0);
        if (!whole || found->template get<std::uint64_t>() > std::numeric_limits<T>::max()) {
            fail(std::string("\"") + name + "\" must be a number from 0 to " +
                 std::to_string(std::numeric_limits<T>::max()));
            return T{};
        }
        return static_cast<T>(found->template get<std::uint64_t>());
    }
    bool boolean(const char* name) {
        const auto found = find(name);
        if (found && !found->is_boolean()) fail(std::string("\"") + name + "\" must be true or false");
        return found && found->is_boolean() && found->template get<bool>();
    }
    std::optional<bool> optional_boolean(const char* name) {
        const auto found = find(name);
        if (!found || found->is_null()) return std::nullopt;
        return boolean(name);
    }
    std::optional<std::string> optional_text(const char* name) {
        const auto found = find(name);
        if (!found || found->is_null()) return std::nullopt;
        if (!found->is_string() || found->template get_ref<const std::string&>().size() > kMaxText) {
            fail(std::string("\"") + name + "\" must be text");
            return std::nullopt;
        }
        return found->template get<std::string>();
    }
    std::string text(const char* name) {
        auto value = optional_text(name);
        if (!value && !error_) fail(std::string("\"") + name + "\" must be text");
        return value.value_or("");
    }
    const json* array(const char* name, std::size_t max_size) {
        const auto found = find(name);
        if (found && found->is_array() && found->size() <= max_size) return found;
        fail(std::string("\"") + name + "\" must be a list of at most " + std::to_string(max_size));
        return nullptr;
    }
    // A member of any type (null included); nullptr and the error when absent.
    const json* member(const char* name) { return find(name); }
    [[nodiscard]] const std::optional<bridge::Error>& error() const { return error_; }
    void fail(const std::string& what) {
        if (!error_) error_ = bad(where_ + ": " + what);
    }

private:
    const json* find(const char* name) {
        if (!object_.is_object()) return nullptr;
        const auto found = object_.find(name);
        if (found == object_.end()) {
            fail(std::string("no \"") + name + "\"");
            return nullptr;
        }
        return &*found;
    }
    const json& object_;
    std::string where_;
    std::optional<bridge::Error> error_;
};

json device_to_wire(const fru::DeviceReport& report) {
    const auto& d = report.device;
    json out{{"id", d.id},
             {"channel", d.target.channel},
             {"address", d.target.slave_address},
             {"bridged", d.target.kind == bridge::Target::Kind::Ipmb},
             {"lun", d.lun},
             {"name", d.name},
             {"logical", d.logical},
             {"slave_address", d.slave_address},
             {"private_bus", d.private_bus},
             {"device_type", d.device_type},
             {"device_type_modifier", d.device_type_modifier},
             {"entity", nullptr},
             {"error", report.error ? json(*report.error) : json(nullptr)},
             {"image", nullptr}};
    if (d.entity)
        out["entity"] = {{"id", d.entity->id}, {"instance", d.entity->instance}, {"logical", d.entity->logical}};
    if (const auto& image = report.image) {
        out["image"] = {{"size", image->size},
                        {"word_access", image->word_access},
                        {"data", hex_text(image->data)},
                        {"stopped", image->stopped ? json(*image->stopped) : json(nullptr)}};
    }
    return out;
}

Result<fru::DeviceReport> device_from_wire(const json& wire, std::size_t index) {
    Reader in(wire, "fru " + std::to_string(index));
    fru::Device d;
    d.id = in.number<std::uint8_t>("id");
    const auto channel = in.number<std::uint8_t>("channel");
    const auto address = in.number<std::uint8_t>("address");
    d.target = in.boolean("bridged") ? bridge::Target::ipmb(channel, address) : bridge::Target::bmc();
    d.lun = in.number<std::uint8_t>("lun");
    d.name = in.text("name");
    d.logical = in.boolean("logical");
    d.slave_address = in.number<std::uint8_t>("slave_address");
    d.private_bus = in.number<std::uint8_t>("private_bus");
    d.device_type = in.number<std::uint8_t>("device_type");
    d.device_type_modifier = in.number<std::uint8_t>("device_type_modifier");
    const auto error = in.optional_text("error");
    const auto* entity = in.member("entity");
    const auto* image_member = in.member("image");
    if (in.error()) return *in.error();
    if (!entity->is_null()) {
        Reader e(*entity, "fru " + std::to_string(index) + " entity");
        d.entity = sdr::Entity{e.number<std::uint8_t>("id"), e.number<std::uint8_t>("instance"), e.boolean("logical")};
        if (e.error()) return *e.error();
    }
    const auto& image_wire = *image_member;
    if (image_wire.is_null()) {
        if (!error) return bad("fru " + std::to_string(index) + ": neither \"image\" nor \"error\"");
        return fru::report(d, bridge::make_error(ErrorKind::CompletionCode, *error));
    }
    Reader image_in(image_wire, "fru " + std::to_string(index) + " image");
    fru::Image image;
    image.size = image_in.number<std::uint16_t>("size");
    image.word_access = image_in.boolean("word_access");
    const auto data = image_in.text("data");
    image.stopped = image_in.optional_text("stopped");
    if (image_in.error()) return *image_in.error();
    auto bytes = bytes_from_hex(data, kMaxFruBytes);
    if (!bytes.ok()) return bad("fru " + std::to_string(index) + " image: " + bytes.error().message);
    if (bytes->size() > image.size) return bad("fru " + std::to_string(index) + ": more bytes than its size");
    image.data = std::move(*bytes);
    return fru::report(d, std::move(image));
}

}  // namespace

json fru_to_wire(const std::vector<fru::DeviceReport>& devices) {
    json out = json::array();
    for (const auto& device : devices) out.push_back(device_to_wire(device));
    return out;
}

Result<std::vector<fru::DeviceReport>> fru_from_wire(const json& wire) {
    if (!wire.is_array() || wire.size() > kMaxFruDevices)
        return bad("\"fru\" must be a list of at most " + std::to_string(kMaxFruDevices) + " devices");
    std::vector<fru::DeviceReport> devices;
    devices.reserve(wire.size());
    for (std::size_t i = 0; i < wire.size(); ++i) {
        auto device = device_from_wire(wire[i], i);
        if (!device.ok()) return device.error();
        devices.push_back(std::move(*device));
    }
    return devices;
}

json users_to_wire(const bmc::Users& users) {
    json out{{"max_user_ids", users.max_user_ids},
             {"enabled_users", users.enabled_users},
             {"fixed_names", users.fixed_names},
             {"channels", users.channels},
             {"users", json::array()}};
    for (const auto& user : users.users) {
        json entry{{"id", user.id},
                   {"name", user.name ? json(*user.name) : json(nullptr)},
                   {"enabled", user.enabled ? json(*user.enabled) : json(nullptr)},
                   {"access", json::array()}};
        for (const auto& c : user.channels)
            entry["access"].push_back({{"channel", c.channel},
                                       {"privilege", c.privilege},
                                       {"ipmi_messaging", c.ipmi_messaging},
                                       {"link_auth", c.link_auth},
                                       {"callback_only", c.callback_only}});
        out["users"].push_back(std::move(entry));
    }
    return out;
}

Result<bmc::Users> users_from_wire(const json& wire) {
    Reader in(wire, "users");
    bmc::Users users;
    users.max_user_ids = in.number<std::uint8_t>("max_user_ids");
    users.enabled_users = in.number<std::uint8_t>("enabled_users");
    users.fixed_names = in.number<std::uint8_t>("fixed_names");
    const auto* channels = in.array("channels", kMaxChannels);
    const auto* list = in.array("users", kMaxUsers);
    if (in.error()) return *in.error();
    for (const auto& channel : *channels) {
        if (!channel.is_number_unsigned() || channel.get<std::uint64_t>() > 15)
            return bad("users: \"channels\" must be channel numbers 0 to 15");
        users.channels.push_back(channel.get<std::uint8_t>());
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        Reader u((*list)[i], "user " + std::to_string(i));
        bmc::User user;
        user.id = u.number<std::uint8_t>("id");
        user.name = u.optional_text("name");
        user.enabled = u.optional_boolean("enabled");
        const auto* access = u.array("access", kMaxChannels);
        if (u.error()) return *u.error();
        for (const auto& entry : *access) {
            Reader a(entry, "user " + std::to_string(i) + " access");
            bmc::ChannelAccess c;
            c.channel = a.number<std::uint8_t>("channel");
            c.privilege = a.number<std::uint8_t>("privilege");
            c.ipmi_messaging = a.boolean("ipmi_messaging");
            c.link_auth = a.boolean("link_auth");
            c.callback_only = a.boolean("callback_only");
            if (a.error()) return *a.error();
            user.channels.push_back(c);
        }
        users.users.push_back(std::move(user));
    }
    return users;
}

}  // namespace ipmiprov::provider::snapshot
