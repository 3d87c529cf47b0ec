// The §36.3 formula against worked examples computed by hand.
#include "provider/sensor/conversion.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace ipmiprov::provider::sensor {
namespace {

using sdr::AnalogFormat;
using sdr::Factors;

Factors factors(std::int16_t m, std::int16_t b = 0, std::int8_t b_exp = 0, std::int8_t r_exp = 0) {
    Factors f;
    f.m = m;
    f.b = b;
    f.b_exponent = b_exp;
    f.r_exponent = r_exp;
    return f;
}

TEST(RawToSigned, InterpretsTheThreeAnalogFormats) {
    EXPECT_EQ(raw_to_signed(0xF6, AnalogFormat::Unsigned), 246);
    EXPECT_EQ(raw_to_signed(0xF6, AnalogFormat::OnesComplement), -9);
    EXPECT_EQ(raw_to_signed(0xFF, AnalogFormat::OnesComplement), 0) << "negative zero";
    EXPECT_EQ(raw_to_signed(0xF6, AnalogFormat::TwosComplement), -10);
    EXPECT_EQ(raw_to_signed(0x80, AnalogFormat::TwosComplement), -128);
    EXPECT_EQ(raw_to_signed(0x7F, AnalogFormat::TwosComplement), 127);
    EXPECT_EQ(raw_to_signed(0x10, AnalogFormat::None), std::nullopt);
}

TEST(Convert, LinearUnsignedWithResultExponent) {
    // 12 V rail: M=63, R=-3: 190 counts = 63 * 190 / 1000 = 11.97 V.
    EXPECT_DOUBLE_EQ(*convert(190, AnalogFormat::Unsigned, 0, factors(63, 0, 0, -3)), 11.97);
}

TEST(Convert, TwosComplementNegativeReading) {
    // M=5, R=-1: -10 counts = -5.0.
    EXPECT_DOUBLE_EQ(*convert(0xF6, AnalogFormat::TwosComplement, 0, factors(5, 0, 0, -1)), -5.0);
}

TEST(Convert, OnesComplementNegativeReading) {
    EXPECT_DOUBLE_EQ(*convert(0xF6, AnalogFormat::OnesComplement, 0, factors(1)), -9.0);
}

TEST(Convert, NegativeM) {
    // M=-2: 10 counts = -20.
    EXPECT_DOUBLE_EQ(*convert(10, AnalogFormat::Unsigned, 0, factors(-2)), -20.0);
}

TEST(Convert, SignedBWithItsExponent) {
    // M=1, B=-50, K1=0: 100 - 50 = 50; with K1=1: 100 - 500 = -400.
    EXPECT_DOUBLE_EQ(*convert(100, AnalogFormat::Unsigned, 0, factors(1, -50)), 50.0);
    EXPECT_DOUBLE_EQ(*convert(100, AnalogFormat::Unsigned, 0, factors(1, -50, 1)), -400.0);
    // Power: M=2, B=10, K1=1: 2*100 + 100 = 300 W.
    EXPECT_DOUBLE_EQ(*convert(100, AnalogFormat::Unsigned, 0, factors(2, 10, 1)), 300.0);
    // B and R exponents together: (1*7 + 3*10^-1) * 10^1 = 73.
    EXPECT_DOUBLE_EQ(*convert(7, AnalogFormat::Unsigned, 0, factors(1, 3, -1, 1)), 73.0);
}

struct LinearizationCase {
    std::uint8_t code;
    std::uint8_t raw;
    double expected;
};

class ConvertLinearization : public ::testing::TestWithParam<LinearizationCase> {};

TEST_P(ConvertLinearization, AppliesTheFunctionAfterTheLinearPart) {
    const auto& c = GetParam();
    auto value = convert(c.raw, AnalogFormat::Unsigned, c.code, factors(1));
    ASSERT_TRUE(value.has_value());
    EXPECT_NEAR(*value, c.expected, 1e-12) << "linearization " << int(c.code);
}

INSTANTIATE_TEST_SUITE_P(AllTwelve, ConvertLinearization,
                         ::testing::Values(LinearizationCase{0x00, 42, 42.0},
                                           LinearizationCase{0x01, 10, 2.302585092994046},  // ln
                                           LinearizationCase{0x02, 100, 2.0},               // log10
                                           LinearizationCase{0x03, 8, 3.0},                 // log2
                                           LinearizationCase{0x04, 1, 2.718281828459045},   // e^x
                                           LinearizationCase{0x05, 2, 100.0},               // 10^x
                                           LinearizationCase{0x06, 3, 8.0},                 // 2^x
                                           LinearizationCase{0x07, 4, 0.25},                // 1/x
                                           LinearizationCase{0x08, 3, 9.0},                 // x^2
                                           LinearizationCase{0x09, 2, 8.0},                 // x^3
                                           LinearizationCase{0x0A, 9, 3.0},                 // sqrt
                                           LinearizationCase{0x0B, 27, 3.0}));              // cube root

TEST(Convert, LinearizationAppliesToTheScaledValue) {
    // 1/x of (M*x)*10^R: M=5, R=-1, raw 4 -> 1 / 2.0 = 0.5.
    EXPECT_DOUBLE_EQ(*convert(4, AnalogFormat::Unsigned, 0x07, factors(5, 0, 0, -1)), 0.5);
}

TEST(Convert, OutsideTheDomainIsNoReadingNotZero) {
    EXPECT_EQ(convert(0, AnalogFormat::Unsigned, 0x01, factors(1)), std::nullopt) << "ln 0";
    EXPECT_EQ(convert(0, AnalogFormat::Unsigned, 0x07, factors(1)), std::nullopt) << "1/0";
    EXPECT_EQ(convert(0xFF, AnalogFormat::TwosComplement, 0x0A, factors(1)), std::nullopt) << "sqrt -1";
    EXPECT_EQ(convert(0x10, AnalogFormat::None, 0x00, factors(1)), std::nullopt) << "no analog reading";
    EXPECT_EQ(convert(0x10, AnalogFormat::Unsigned, 0x70, factors(1)), std::nullopt) << "non-linear needs factors";
    EXPECT_EQ(convert(0x10, AnalogFormat::Unsigned, 0x0C, factors(1)), std::nullopt) << "reserved";
}

TEST(Convert, CubeRootOfANegativeValue) {
    EXPECT_NEAR(*convert(0xE5, AnalogFormat::TwosComplement, 0x0B, factors(1)), -3.0, 1e-12);  // -27
}

TEST(DisplayDecimals, FollowsTheResolutionAndOffset) {
    EXPECT_EQ(display_decimals(0, factors(63, 0, 0, -3)), 3);
    EXPECT_EQ(display_decimals(0, factors(5, 0, 0, -1)), 1);
    EXPECT_EQ(display_decimals(0, factors(2, 10, 1, 0)), 0);
    EXPECT_EQ(display_decimals(0, factors(1, 3, -2, 0)), 2) << "B*10^-2 needs two digits";
    EXPECT_EQ(display_decimals(0x01, factors(1)), 3);
}

TEST(RoundTo, RoundsNegativeValuesLikePositiveOnes) {
    EXPECT_DOUBLE_EQ(round_to(2.345, 2), 2.35);
    EXPECT_DOUBLE_EQ(round_to(-2.345, 2), -2.35);
    EXPECT_DOUBLE_EQ(round_to(-0.5, 0), -1.0);
    EXPECT_DOUBLE_EQ(round_to(0.5, 0), 1.0);
    EXPECT_DOUBLE_EQ(round_to(-1.26, 1), -1.3);
    EXPECT_DOUBLE_EQ(round_to(11.97, 3), 11.97);
    EXPECT_EQ(round_to(-0.004, 2), 0.0);
}

}  // namespace
// The count a threshold is set to (sensors thresh): the nearest, ties to the
// lower count, nothing beyond one step outside the sensor's range.
TEST(NearestRaw, PicksTheNearestCountAndRefusesWhatTheSensorCannotHold) {
    const sdr::Factors fan{50, 0, 0, 0};  // 50 RPM a count, unsigned
    EXPECT_EQ(nearest_raw(1600, sdr::AnalogFormat::Unsigned, 0, fan), 32);
    EXPECT_EQ(nearest_raw(1560, sdr::AnalogFormat::Unsigned, 0, fan), 31);
    EXPECT_EQ(nearest_raw(1590, sdr::AnalogFormat::Unsigned, 0, fan), 32);
    EXPECT_EQ(nearest_raw(1575, sdr::AnalogFormat::Unsigned, 0, fan), 31) << "a tie goes to the lower count";
    EXPECT_EQ(nearest_raw(0, sdr::AnalogFormat::Unsigned, 0, fan), 0);
    EXPECT_EQ(nearest_raw(12750 + 49, sdr::AnalogFormat::Unsigned, 0, fan), 255) << "within a step of the top";
    EXPECT_FALSE(nearest_raw(12750 + 51, sdr::AnalogFormat::Unsigned, 0, fan));
    EXPECT_FALSE(nearest_raw(-400, sdr::AnalogFormat::Unsigned, 0, fan));

    const sdr::Factors volts{63, 0, 0, -3};  // 0.063 V a count
    EXPECT_EQ(nearest_raw(12.726, sdr::AnalogFormat::Unsigned, 0, volts), 202);
    EXPECT_EQ(nearest_raw(12.73, sdr::AnalogFormat::Unsigned, 0, volts), 202);

    const sdr::Factors signed_temp{1, 0, 0, 0};  // 2's complement degrees
    EXPECT_EQ(nearest_raw(-5, sdr::AnalogFormat::TwosComplement, 0, signed_temp), 0xFB);
    EXPECT_EQ(nearest_raw(-128, sdr::AnalogFormat::TwosComplement, 0, signed_temp), 0x80);
    EXPECT_FALSE(nearest_raw(200, sdr::AnalogFormat::TwosComplement, 0, signed_temp));
    EXPECT_FALSE(nearest_raw(std::nan(""), sdr::AnalogFormat::Unsigned, 0, fan));
    EXPECT_FALSE(nearest_raw(5, sdr::AnalogFormat::None, 0, fan)) << "no count converts";
}

}  // namespace ipmiprov::provider::sensor
