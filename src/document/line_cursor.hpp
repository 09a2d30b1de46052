// Walking a document line by line without copying: memchr finds the line
// ends, "\r\n" and a lone "\r" end a line too, trailing spaces and tabs are
// dropped, and so are markdown blockquote marks ("> "): no plan line starts
// with ">". A cursor is a small value, so looking ahead is copying it.
#pragma once

#include <planlens/source.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace planlens::detail {

class LineCursor {
public:
    explicit LineCursor(std::string_view text) noexcept : text_(text) {}

    /// The next line (trailing blanks and blockquote marks removed, `column`
    /// where what is left begins); false at the end.
    bool next(SourceLine& out) noexcept {
        if (pos_ >= text_.size()) return false;
        const char* begin = text_.data() + pos_;
        const std::size_t rest = text_.size() - pos_;
        const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', rest));
        std::size_t length = newline != nullptr ? static_cast<std::size_t>(newline - begin) : rest;
        std::size_t advance = newline != nullptr ? length + 1 : length;
        if (const std::size_t at = carriage_return(length); at < length) {
            if (at + 1 < length) advance = at + 1;  // a lone "\r" inside: the line ends there
            length = at;
        }
        while (length > 0 && (begin[length - 1] == ' ' || begin[length - 1] == '\t')) --length;
        pos_ += advance;
        // a markdown blockquote ("> ", nested or not): its content is the line
        std::size_t quote = 0;
        for (;;) {
            std::size_t i = quote;
            while (i < length && i < quote + 3 && begin[i] == ' ') ++i;
            if (i >= length || begin[i] != '>') break;
            quote = i + 1 < length && begin[i + 1] == ' ' ? i + 2 : i + 1;
        }
        out = SourceLine{std::string_view(begin + quote, length - quote), ++number_,
                         static_cast<std::uint32_t>(1 + quote)};
        return true;
    }

    /// The line that next() would return, without moving.
    bool peek(SourceLine& out) const noexcept {
        LineCursor copy = *this;
        return copy.next(out);
    }

    /// 1-based number of the line last returned (0 before the first).
    std::uint32_t line_number() const noexcept { return number_; }

private:
    /// Where the first '\r' of the `length` bytes at pos_ is, or `length`.
    /// Looked for a window at a time, ahead of the lines: most documents have
    /// none, and a window is read again for its lines while it is in cache.
    std::size_t carriage_return(std::size_t length) noexcept {
        if (pos_ < clean_from_ || pos_ + length > clean_to_) {
            constexpr std::size_t window = std::size_t{1} << 16;
            const std::size_t size = std::min(text_.size() - pos_, std::max(window, length));
            const auto* cr = static_cast<const char*>(std::memchr(text_.data() + pos_, '\r', size));
            clean_from_ = pos_;
            clean_to_ = cr != nullptr ? static_cast<std::size_t>(cr - text_.data()) : pos_ + size;
        }
        return clean_to_ - pos_ < length ? clean_to_ - pos_ : length;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::uint32_t number_ = 0;
    std::size_t clean_from_ = 0, clean_to_ = 0;  ///< no '\r' in [clean_from_, clean_to_)
};

}  // namespace planlens::detail
