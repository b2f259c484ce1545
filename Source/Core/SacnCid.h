#pragma once
// The sACN source identity (CID, a UUID) as text and as a fresh random value. An instance keeps its
// CID in its state so a console that tracks sources by CID sees the same source after a reload.
// Threads: any. parseCid/formatCid are pure; randomCid reads the system's random device, so it is
// for the message thread (it may block briefly while the device is seeded).

#include "SacnParser.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dmxin {

// The nil UUID: "no CID assigned yet". Never sent: the instance assigns a random one first.
inline constexpr SacnCid kNilCid{};

inline bool isNilCid(const SacnCid& cid) noexcept {
    return cid == kNilCid;
}

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", 32 hex digits (either case) in the 8-4-4-4-12 groups of
// RFC 4122; nullopt for anything else (no braces, no missing dashes), so one CID has one spelling.
std::optional<SacnCid> parseCid(std::string_view text) noexcept;

// Lower-case 8-4-4-4-12 text; parseCid(formatCid(c)) == c.
std::string formatCid(const SacnCid& cid);

// A version-4 (random) UUID from 16 random bytes: the version nibble and the variant bits are set as
// RFC 4122 section 4.4 asks, the other 122 bits are the caller's. Pure, so tests can pass known bytes.
SacnCid cidFromRandomBytes(std::span<const std::uint8_t, 16> random) noexcept;

// A fresh version-4 UUID from std::random_device.
SacnCid randomCid();

} // namespace dmxin
