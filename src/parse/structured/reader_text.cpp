// Small text helpers the YAML and XML readers share.
#include "readers.hpp"

#include <fmt/format.h>

namespace planlens::detail {

bool is_json_number(std::string_view s) noexcept {
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i > from;
    };
    if (i < s.size() && s[i] == '-') ++i;
    if (!digits()) return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (!digits()) return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (!digits()) return false;
    }
    return i == s.size();
}

std::string found_at(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return "end of input";
    std::string out = "'";
    for (std::size_t i = offset; i < text.size() && i < offset + 20 && text[i] != '\n'; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c >= 0x7f) out += fmt::format("\\x{:02x}", c);
        else out += static_cast<char>(c);
    }
    return out + "'";
}

}  // namespace planlens::detail
