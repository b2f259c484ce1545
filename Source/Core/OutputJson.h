#pragma once
// The "output" section of a state or preset (schema 3) as JSON: reading it with the field-naming
// errors of StateJson, and writing it so that it reads back to an equal OutputSettings.
//   "output": {"enabled": true, "cid": "<uuid or empty>", "sourceName": "DMX In", "artnetSync": false,
//              "universes": [{"name": "Stage", "enabled": true, "protocol": "artnet", "universe": "0:0:1",
//                             "destination": "unicast", "addresses": ["10.0.0.5"], "interface": "0.0.0.0",
//                             "prefixLength": 24, "port": 0, "rateHz": 44, "priority": 100,
//                             "channels": [{"channel": 1, "sixteenBit": false, "fineChannel": 0, "slot": 3,
//                                           "dmxMin": 0, "dmxMax": 255, "invert": false}]}]}
// Every key may be omitted except a universe's "universe" and a channel's "channel" and "slot"; an
// omitted "destination" is "unicast" for Art-Net and "multicast" for sACN.
// Any non-audio thread: allocates.

#include "OutputSettings.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dmxin {

// Reads root["output"] when present into `output`, appending "output...: reason" errors. skip[i] is
// set for each output universe with a field that failed to read (OutputRules skips those).
void readOutput(const nlohmann::json& root, std::vector<std::string>& errors, OutputSettings& output,
                std::vector<bool>& skip);

nlohmann::ordered_json writeOutput(const OutputSettings& output);

} // namespace dmxin
