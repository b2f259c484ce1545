#include "CsvExport.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace dmxin {

namespace {
std::string fixed3(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(v));
    return buf;
}
} // namespace

std::string csvField(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(text);
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string exportCsv(const ProfileInput& input) {
    std::vector<std::size_t> order(input.mappings.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const Mapping& x = input.mappings[a];
        const Mapping& y = input.mappings[b];
        if (x.universe.key() != y.universe.key())
            return x.universe.key() < y.universe.key();
        return x.channel < y.channel;
    });

    std::string out = "Protocol,Net:Sub:Uni,Universe #,sACN universe,Address,Fine address,Width,Name,Target,"
                      "Input range,Output range\r\n";
    for (const std::size_t i : order) {
        const Mapping& m = input.mappings[i];
        if (!m.enabled)
            continue;
        std::string netSubUni, flat, sacn;
        if (m.universe.isArtNet()) {
            const PortAddress pa = m.universe.portAddress();
            netSubUni = pa.netSubUni();
            flat = std::to_string(pa.oneBased());
            sacn = pa.oneBased() <= UniverseId::kSacnMax ? std::to_string(pa.oneBased()) : "";
        } else {
            sacn = std::to_string(m.universe.number());
            if (const auto pa = PortAddress::fromFlat(m.universe.number() - 1)) {
                netSubUni = pa->netSubUni();
                flat = std::to_string(pa->oneBased());
            }
        }
        const std::string fields[] = {
            m.universe.isArtNet() ? "Art-Net" : "sACN",
            netSubUni,
            flat,
            sacn,
            std::to_string(m.channel),
            m.sixteenBit ? std::to_string(m.effectiveFineChannel()) : "",
            m.sixteenBit ? "16" : "8",
            displayName(m, input.labels),
            targetText(m, input.labels),
            std::to_string(m.inMin) + ".." + std::to_string(m.effectiveInMax()),
            fixed3(m.outMin) + ".." + fixed3(m.outMax),
        };
        bool first = true;
        for (const auto& f : fields) {
            out += (first ? "" : ",") + csvField(f);
            first = false;
        }
        out += "\r\n";
    }
    return out;
}

} // namespace dmxin
