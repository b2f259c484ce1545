#include "ProfileFile.h"

#include "CsvExport.h"
#include "GdtfExport.h"
#include "QxfExport.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace dmxin {

const char* extensionOf(ProfileFormat format) noexcept {
    switch (format) {
    case ProfileFormat::Qxf: return "qxf";
    case ProfileFormat::Gdtf: return "gdtf";
    case ProfileFormat::Csv: return "csv";
    }
    return "";
}

std::optional<ProfileFormat> profileFormatFromExtension(std::string_view extension) noexcept {
    if (!extension.empty() && extension.front() == '.')
        extension.remove_prefix(1);
    for (const auto f : {ProfileFormat::Qxf, ProfileFormat::Gdtf, ProfileFormat::Csv})
        if (extension == extensionOf(f))
            return f;
    return std::nullopt;
}

std::string modelFromFileName(const std::string& path) {
    std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
    if (const auto dot = name.find_last_of('.'); dot != std::string::npos && dot > 0)
        name.resize(dot);
    return name.empty() ? std::string("DMX In") : name;
}

bool writeProfile(const std::string& path, ProfileFormat format, const ProfileInput& input, std::string& error) {
    std::string text;
    std::vector<std::uint8_t> binary;
    if (format == ProfileFormat::Gdtf)
        binary = exportGdtf(input);
    else
        text = format == ProfileFormat::Qxf ? exportQxf(input) : exportCsv(input);
    const void* data = format == ProfileFormat::Gdtf ? static_cast<const void*>(binary.data()) : text.data();
    const std::size_t size = format == ProfileFormat::Gdtf ? binary.size() : text.size();

    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
        error = "export: cannot write " + path + ": " + std::strerror(errno);
        return false;
    }
    const bool ok = std::fwrite(data, 1, size, f) == size;
    const int savedErrno = errno;
    if (std::fclose(f) != 0 || !ok) {
        error = "export: cannot write " + path + ": " + std::strerror(ok ? errno : savedErrno);
        return false;
    }
    return true;
}

} // namespace dmxin
