// Stable storage for the text a structured plan owns: strings decoded from
// JSON escapes, XML entities or YAML quotes, and the text lines rendered from
// the fields. Views into it never move; it grows in blocks, so keeping a
// short string costs no allocation of its own.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace planlens::detail {

class TextStore {
public:
    std::string_view keep(std::string_view text) {
        if (text.empty()) return {};
        if (text.size() > capacity_ - used_) grow(text.size());
        char* at = blocks_.back().get() + used_;
        std::memcpy(at, text.data(), text.size());
        used_ += text.size();
        return {at, text.size()};
    }

private:
    void grow(std::size_t at_least) {
        capacity_ = std::max<std::size_t>(at_least, 64 * 1024);
        blocks_.push_back(std::make_unique<char[]>(capacity_));
        used_ = 0;
    }

    std::vector<std::unique_ptr<char[]>> blocks_;
    std::size_t capacity_ = 0;
    std::size_t used_ = 0;
};

}  // namespace planlens::detail
