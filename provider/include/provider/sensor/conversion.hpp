// Raw reading → value, per IPMI 2.0 §36.3:
//   y = L[(M·x + B·10^K1) · 10^K2]
// with x interpreted per the analog data format (unsigned, 1's or 2's
// complement), M and B 10-bit signed, K1 (B exponent) and K2 (result
// exponent) 4-bit signed, and L the linearization function.
#pragma once

#include <cstdint>
#include <optional>

#include "provider/sdr/record.hpp"

namespace ipmiprov::provider::sensor {

// x per the analog format; nullopt for "no analog reading" (format 3).
std::optional<int> raw_to_signed(std::uint8_t raw, sdr::AnalogFormat format);

// L(x) for linearization 00h-0Bh; nullopt outside the function's domain
// (ln of a non-positive value, 1/0, square root of a negative value) and for
// non-linear (70h-7Fh) or reserved codes, whose factors come from the BMC.
std::optional<double> linearize(std::uint8_t linearization, double x);

// The whole formula. For non-linear sensors pass linearization 0 with the
// factors from Get Sensor Reading Factors for this raw reading.
std::optional<double> convert(std::uint8_t raw, sdr::AnalogFormat format, std::uint8_t linearization,
                              const sdr::Factors& factors);

// The raw count whose value is nearest `value` (a threshold to set, as
// ipmitool's `sensor thresh` rounds): nullopt when no count converts, or when
// `value` lies outside the values the counts give by more than one step.
std::optional<std::uint8_t> nearest_raw(double value, sdr::AnalogFormat format, std::uint8_t linearization,
                                        const sdr::Factors& factors);

// Digits after the decimal point that the factors can produce: a linear
// sensor's resolution is M·10^K2 and its offset B·10^(K1+K2); other
// linearizations get 3.
int display_decimals(std::uint8_t linearization, const sdr::Factors& factors);

// Rounds half away from zero at `decimals` digits: -2.345 at 2 is -2.35, as
// +2.345 is 2.35 (the sign does not change the rounding direction).
double round_to(double value, int decimals);

}  // namespace ipmiprov::provider::sensor
