// Walking a document line by line without copying: "\n", "\r\n" and a lone
// "\r" end a line, trailing spaces and tabs are dropped, and so are markdown
// blockquote marks ("> "): no plan line starts with ">". A cursor is a small
// value, so looking ahead is copying it.
#pragma once

#include <planlens/source.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace planlens::detail {

class LineCursor {
public:
    explicit LineCursor(std::string_view text) noexcept : text_(text) {}

    /// The next line (trailing blanks and blockquote marks removed, `column`
    /// where what is left begins); false at the end.
    bool next(SourceLine& out) noexcept {
        if (pos_ >= text_.size()) return false;
        const char* begin = text_.data() + pos_;
        const std::size_t newline = next_newline();
        std::size_t length = newline - pos_;
        std::size_t advance = newline < text_.size() ? length + 1 : length;
        if (const std::size_t at = carriage_return(length); at < length) {
            if (at + 1 < length) advance = at + 1;  // a lone "\r" inside: the line ends there
            length = at;
        }
        while (length > 0 && (begin[length - 1] == ' ' || begin[length - 1] == '\t')) --length;
        pos_ += advance;
        // a markdown blockquote ("> ", nested or not): its content is the line
        const std::size_t quote = length > 0 && (begin[0] == '>' || begin[0] == ' ') ? quote_marks(begin, length) : 0;
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
    /// Bytes of blockquote marks ("> ", up to three spaces before each) at the start of a line.
    static std::size_t quote_marks(const char* begin, std::size_t length) noexcept {
        std::size_t quote = 0;
        for (;;) {
            std::size_t i = quote;
            while (i < length && i < quote + 3 && begin[i] == ' ') ++i;
            if (i >= length || begin[i] != '>') return quote;
            quote = i + 1 < length && begin[i + 1] == ' ' ? i + 2 : i + 1;
        }
    }

#if defined(__SSE2__)
    /// Where the next '\n' at or after pos_ is, or the text's size. The
    /// newlines of 64 bytes at a time are found as one bit mask: prose lines
    /// are some 30 bytes, and a memchr call for each costs more than its bytes.
    std::size_t next_newline() noexcept {
        if (pos_ < block_ || pos_ - block_ >= block_bytes) load_block(pos_ & ~(block_bytes - 1));
        std::uint64_t ahead = newlines_ & (~std::uint64_t{0} << (pos_ - block_));
        while (ahead == 0) {
            if (block_ + block_bytes >= text_.size()) return text_.size();
            load_block(block_ + block_bytes);
            ahead = newlines_;
        }
        return block_ + static_cast<std::size_t>(__builtin_ctzll(ahead));
    }

    /// The newline mask of the 64 bytes from `block` (a multiple of 64); past
    /// the end of the text, bytes read as zero.
    void load_block(std::size_t block) noexcept {
        block_ = block;
        if (text_.size() - block >= block_bytes) {
            newlines_ = newline_mask(text_.data() + block);
        } else {
            alignas(16) char tail[block_bytes] = {};
            std::memcpy(tail, text_.data() + block, text_.size() - block);
            newlines_ = newline_mask(tail);
        }
    }

    static std::uint64_t newline_mask(const char* bytes) noexcept {
        const __m128i newline = _mm_set1_epi8('\n');
        std::uint64_t mask = 0;
        for (std::size_t i = 0; i < block_bytes; i += 16) {
            const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
            const auto bits = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, newline)));
            mask |= std::uint64_t{bits} << i;
        }
        return mask;
    }

    static constexpr std::size_t block_bytes = 64;
    std::size_t block_ = SIZE_MAX;  ///< where the bytes of `newlines_` start (SIZE_MAX: none yet)
    std::uint64_t newlines_ = 0;    ///< bit i: byte block_ + i is a '\n'
#else
    std::size_t next_newline() const noexcept {
        const auto* newline = static_cast<const char*>(std::memchr(text_.data() + pos_, '\n', text_.size() - pos_));
        return newline != nullptr ? static_cast<std::size_t>(newline - text_.data()) : text_.size();
    }
#endif

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
