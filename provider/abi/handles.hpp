// The provider ABI's opaque types (include/ipmiprov/provider.h): C++ values
// with C views of them, and how they are built; shared by abi.cpp (the C
// entry points) and views.cpp. Internal: nothing here is exported.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bridge/connect.hpp"
#include "ipmiprov/provider.h"
#include "provider/cim/model.hpp"
#include "provider/cim/remote.hpp"
#include "provider/sel/reader.hpp"

namespace cim = ipmiprov::provider::cim;
namespace bridge = ipmiprov::bridge;

struct ipmiprov_path {
    cim::ObjectPath path;
    // C views, rebuilt after every change: elements per key, nested paths for references.
    std::string text;
    std::vector<std::vector<ipmiprov_element>> key_elements;
    std::vector<std::unique_ptr<ipmiprov_path>> references;
};

struct ipmiprov_instance {
    cim::Instance instance;
    ipmiprov_path path;
    std::vector<std::vector<ipmiprov_element>> elements;
    std::vector<std::unique_ptr<ipmiprov_path>> references;
};

// Instances never change once built: lists of an enumeration the daemon
// says is unchanged share them (issue 21: no decoding, no copying).
struct ipmiprov_list {
    std::vector<std::shared_ptr<const ipmiprov_instance>> items;
};

// The last enumeration of a class from the daemon, with its version.
struct CachedEnumeration {
    std::string version;
    std::vector<std::shared_ptr<const ipmiprov_instance>> items;
};

// Either ipmiprovd answers (remote), or the session reads the BMC itself.
struct ipmiprov_session {
    std::unique_ptr<cim::RemoteModel> remote;
    cim::RemoteModel::SelCursor remote_cursor;
    std::map<std::string, CachedEnumeration, std::less<>> enumerations;  // remote only, per class
    bridge::Connection connection;
    std::unique_ptr<cim::EngineDataSource> source;
    std::unique_ptr<cim::CimModel> model;
    cim::EngineSourceOptions source_options;
    std::optional<ipmiprov::provider::sel::Position> sel_position;

    cim::CimOperations& operations() {
        if (remote) return *remote;
        return *model;
    }
};

namespace ipmiprov::abi {

ipmiprov_type to_c(cim::Type type);
std::optional<cim::Type> from_c(ipmiprov_type type);

void rebuild_views(ipmiprov_path& p);
std::unique_ptr<ipmiprov_path> make_path(cim::ObjectPath path);
ipmiprov_property property_view(const std::string& name, const cim::Value& value,
                                const std::vector<ipmiprov_element>& elements, bool key);
std::unique_ptr<ipmiprov_instance> make_instance(cim::Instance instance);
std::vector<std::shared_ptr<const ipmiprov_instance>> make_items(std::vector<cim::Instance> instances);
ipmiprov_list* make_list(std::vector<std::shared_ptr<const ipmiprov_instance>> items);
ipmiprov_list* make_list(std::vector<cim::Instance> instances);
// An enumeration through the daemon, kept per session (views.cpp).
bridge::Result<std::vector<std::shared_ptr<const ipmiprov_instance>>> remote_enumeration(ipmiprov_session& session,
                                                                                         const std::string& name);
bridge::Result<cim::Value> value_from_c(const ipmiprov_property& p);

}  // namespace ipmiprov::abi
