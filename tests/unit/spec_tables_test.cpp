#include "bridge/spec_tables.hpp"

#include <gtest/gtest.h>

#include "bridge/message.hpp"

namespace ipmiprov::bridge {
namespace {

TEST(CompletionCodes, NamesTheGenericCodes) {
    EXPECT_EQ(completion_code_text(0xC1), "invalid command");
    EXPECT_EQ(completion_code_text(0xCA), "cannot return number of requested data bytes");
    EXPECT_EQ(completion_code_text(0xD5), "command not supported in present state");
    EXPECT_EQ(completion_code_text(0xFF), "unspecified error");
}

TEST(CompletionCodes, NamesTheRanges) {
    EXPECT_EQ(completion_code_text(0x01), "device-specific (OEM) completion code");
    EXPECT_EQ(completion_code_text(0x90), "command-specific completion code");
    EXPECT_EQ(completion_code_text(0xE0), "reserved completion code");
}

TEST(CompletionCodes, NamesCommandSpecificCodesOfTheCommand) {
    EXPECT_EQ(completion_code_text(0x83, 0x06, 0x34), "NAK on write: no controller answered at that address");
    EXPECT_EQ(completion_code_text(0x80, 0x06, 0x33), "message queue empty");
    EXPECT_EQ(completion_code_text(0x80, 0x0A, 0x23), "command-specific completion code");
    EXPECT_EQ(completion_code_text(0xC1, 0x06, 0x34), "invalid command");
}

TEST(CompletionCodes, KnowsWhichCodesAreWorthRetrying) {
    for (int code : {0xC0, 0xC3, 0xCE, 0xD2})
        EXPECT_TRUE(completion_code_is_transient(static_cast<std::uint8_t>(code))) << int(code);
    for (int code : {0x00, 0xC1, 0xC5, 0xCA, 0xCB, 0xD5, 0xFF})
        EXPECT_FALSE(completion_code_is_transient(static_cast<std::uint8_t>(code))) << int(code);
}

TEST(CommandNames, NamesRequestsAndIgnoresTheResponseBit) {
    EXPECT_EQ(command_name(0x06, 0x01), "Get Device ID");
    EXPECT_EQ(command_name(0x07, 0x01), "Get Device ID");
    EXPECT_EQ(command_name(0x0A, 0x43), "Get SEL Entry");
    EXPECT_EQ(command_name(0x2E, 0x01), std::nullopt);
}

TEST(Describe, NamesTheCommandAndTheBridgeTarget) {
    EXPECT_EQ(describe(Request{0x04, 0x2D, 0, Target::bmc(), {}}), "Get Sensor Reading (netfn 0x04 cmd 0x2d)");
    EXPECT_EQ(describe(Request{0x30, 0x99, 0, Target::ipmb(7, 0x2C), {}}), "netfn 0x30 cmd 0x99 via channel 7 to 0x2c");
}

}  // namespace
}  // namespace ipmiprov::bridge
