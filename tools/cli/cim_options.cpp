// `ipmiprov cim`'s options, checked when the command line is parsed.
#include "cim_options.hpp"

#include <string>
#include <utility>

namespace ipmiprov::cli {

using bridge::ErrorKind;
using bridge::make_error;
using bridge::Result;
namespace po = boost::program_options;

namespace {

// NAME=VALUE with a non-empty NAME.
Result<std::pair<std::string, std::string>> split_assignment(const std::string& text, const char* what) {
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0)
        return make_error(ErrorKind::InvalidArgument, std::string(what) + " \"" + text + "\" is not NAME=VALUE");
    return std::make_pair(text.substr(0, equals), text.substr(equals + 1));
}

}  // namespace

bridge::Status fill_cim_options(const po::variables_map& vm, CliOptions& options) {
    const bool cim = options.command == "cim";
    const std::string sub = cim && !options.args.empty() ? options.args[0] : "";
    if (vm.count("format") && cim) {
        options.cim_format = vm["format"].as<std::string>();
        if (options.cim_format != "mof" && options.cim_format != "json")
            return make_error(ErrorKind::InvalidArgument, "--format must be mof or json for cim");
    }
    if (options.json) options.cim_format = "json";
    if (vm.count("assoc-class")) {
        if (sub != "associators" && sub != "references")
            return make_error(ErrorKind::InvalidArgument,
                              "--assoc-class applies to cim associators and references only");
        options.association_class = vm["assoc-class"].as<std::string>();
    }
    if (vm.count("result-class")) {
        if (sub != "associators")
            return make_error(ErrorKind::InvalidArgument, "--result-class applies to cim associators only");
        options.result_class = vm["result-class"].as<std::string>();
    }
    if (vm.count("property")) {
        if (sub != "modify") return make_error(ErrorKind::InvalidArgument, "--property applies to cim modify only");
        for (const auto& text : vm["property"].as<std::vector<std::string>>()) {
            auto assignment = split_assignment(text, "--property");
            if (!assignment.ok()) return assignment.error();
            options.cim_properties.push_back(*assignment);
        }
    }
    if (vm.count("param")) {
        if (sub != "invoke") return make_error(ErrorKind::InvalidArgument, "--param applies to cim invoke only");
        for (const auto& text : vm["param"].as<std::vector<std::string>>()) {
            auto assignment = split_assignment(text, "--param");
            if (!assignment.ok()) return assignment.error();
            options.cim_params.push_back(*assignment);
        }
    }
    if (!cim) return bridge::success();
    if (sub == "modify" && options.cim_properties.empty())
        return make_error(ErrorKind::InvalidArgument, "cim modify needs --property NAME=VALUE");
    // Key arguments: CLASS then KEY=VALUE... (invoke: CLASS METHOD then keys).
    const std::size_t first_key = sub == "invoke" ? 3 : 2;
    for (std::size_t i = first_key; i < options.args.size(); ++i) {
        if (auto key = split_assignment(options.args[i], "key"); !key.ok()) return key.error();
    }
    return bridge::success();
}

}  // namespace ipmiprov::cli
