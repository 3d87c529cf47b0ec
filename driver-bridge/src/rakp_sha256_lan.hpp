// RAKP-HMAC-SHA256 and HMAC-SHA256-128 for libOpenIPMI's LAN connections,
// which lack them (libOpenIPMI 2.0.33 has SHA-1 and MD5 only) but take
// algorithms a program registers (ipmi_lan.h: ipmi_rmcpp_register_*).
// AES-CBC-128 is libOpenIPMI's own; it keys itself from K2, which the
// authentication here hands over. Together: cipher suites 15, 16 and 17.
#pragma once

namespace ipmiprov::bridge {

// Registers both algorithms; call once, after ipmi_init and under the
// library's lock. Returns 0 or libOpenIPMI's error number.
int register_sha256_algorithms();

// How the key exchange fails, as the errors the connection reports:
// EINVAL   RAKP 2's code does not match the password (wrong password or user),
//          as libOpenIPMI's own RAKP says it;
// EKEYREJECTED  RAKP 4's check does not match the session key (a BMC key, Kg,
//          other than the password);
// EBADMSG  a RAKP message too short or for another session;
// ETIMEDOUT  the BMC stopped answering during the exchange.
}  // namespace ipmiprov::bridge
