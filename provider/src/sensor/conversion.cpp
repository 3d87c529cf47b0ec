#include "provider/sensor/conversion.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace ipmiprov::provider::sensor {
namespace {

using Function = double (*)(double);

struct Linearization {
    std::uint8_t code;
    Function apply;
    bool (*in_domain)(double);
};

bool any(double) {
    return true;
}
bool positive(double x) {
    return x > 0.0;
}
bool non_zero(double x) {
    return x != 0.0;
}
bool non_negative(double x) {
    return x >= 0.0;
}

// IPMI 2.0 §43.1 byte 24, linearization enumeration.
constexpr std::array kLinearizations{
    Linearization{0x00, [](double x) { return x; }, any},
    Linearization{0x01, [](double x) { return std::log(x); }, positive},
    Linearization{0x02, [](double x) { return std::log10(x); }, positive},
    Linearization{0x03, [](double x) { return std::log2(x); }, positive},
    Linearization{0x04, [](double x) { return std::exp(x); }, any},
    Linearization{0x05, [](double x) { return std::pow(10.0, x); }, any},
    Linearization{0x06, [](double x) { return std::exp2(x); }, any},
    Linearization{0x07, [](double x) { return 1.0 / x; }, non_zero},
    Linearization{0x08, [](double x) { return x * x; }, any},
    Linearization{0x09, [](double x) { return x * x * x; }, any},
    Linearization{0x0A, [](double x) { return std::sqrt(x); }, non_negative},
    Linearization{0x0B, [](double x) { return std::cbrt(x); }, any},
};

}  // namespace

std::optional<int> raw_to_signed(std::uint8_t raw, sdr::AnalogFormat format) {
    switch (format) {
        case sdr::AnalogFormat::Unsigned:
            return raw;
        case sdr::AnalogFormat::OnesComplement:
            return (raw & 0x80) ? -static_cast<int>(static_cast<std::uint8_t>(~raw)) : raw;
        case sdr::AnalogFormat::TwosComplement:
            return static_cast<int>(static_cast<std::int8_t>(raw));
        case sdr::AnalogFormat::None:
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<double> linearize(std::uint8_t linearization, double x) {
    const auto* found = std::find_if(kLinearizations.begin(), kLinearizations.end(),
                                     [&](const Linearization& l) { return l.code == linearization; });
    if (found == kLinearizations.end() || !found->in_domain(x)) return std::nullopt;
    const double y = found->apply(x);
    if (!std::isfinite(y)) return std::nullopt;
    return y;
}

std::optional<double> convert(std::uint8_t raw, sdr::AnalogFormat format, std::uint8_t linearization,
                              const sdr::Factors& factors) {
    const auto x = raw_to_signed(raw, format);
    if (!x) return std::nullopt;
    const double linear = (factors.m * static_cast<double>(*x) + factors.b * std::pow(10.0, factors.b_exponent)) *
                          std::pow(10.0, factors.r_exponent);
    return linearize(linearization, linear);
}

std::optional<std::uint8_t> nearest_raw(double value, sdr::AnalogFormat format, std::uint8_t linearization,
                                        const sdr::Factors& factors) {
    if (!std::isfinite(value)) return std::nullopt;
    std::optional<std::uint8_t> best;
    double best_distance = 0;
    std::optional<std::pair<double, double>> range;  // lowest and highest value of any count
    for (int raw = 0; raw <= 0xFF; ++raw) {
        const auto converted = convert(static_cast<std::uint8_t>(raw), format, linearization, factors);
        if (!converted) continue;
        const double distance = std::fabs(*converted - value);
        if (!best || distance < best_distance) {
            best = static_cast<std::uint8_t>(raw);
            best_distance = distance;
        }
        range = range ? std::pair{std::min(range->first, *converted), std::max(range->second, *converted)}
                      : std::pair{*converted, *converted};
    }
    if (!best) return std::nullopt;
    // One step: the sensor's resolution, |M|·10^K2 (for the linear formula).
    const double step = std::max(1.0, std::fabs(static_cast<double>(factors.m))) * std::pow(10.0, factors.r_exponent);
    if (value < range->first - step || value > range->second + step) return std::nullopt;
    return best;
}

int display_decimals(std::uint8_t linearization, const sdr::Factors& factors) {
    if (linearization != 0x00) return 3;
    int decimals = std::max(0, -factors.r_exponent);
    if (factors.b != 0) decimals = std::max(decimals, -(factors.b_exponent + factors.r_exponent));
    return std::clamp(decimals, 0, 9);
}

double round_to(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    // Nudge by a few ulps so that 2.345 stored as 2.34499999... still rounds up.
    const double scaled = value * scale;
    const double nudged = scaled + std::copysign(std::abs(scaled) * 4 * 2.220446049250313e-16, scaled);
    return std::round(nudged) / scale;
}

}  // namespace ipmiprov::provider::sensor
