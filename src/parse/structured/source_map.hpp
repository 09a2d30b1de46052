// Where a byte of a structured reader's input sits in the original document.
// Readers parse one contiguous buffer: the document itself, or the lines of a
// paste (a psql cell, a log entry, a CSV field) joined after unwrapping. Each
// joined line remembers where it came from.
#pragma once

#include <planlens/result.hpp>

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace planlens::detail {

class SourceMap {
public:
    /// A map of `text` itself, starting at document line `first_line`.
    static SourceMap of_text(std::string_view text, std::uint32_t first_line = 1, std::uint32_t column = 1) {
        SourceMap map;
        map.add(0, first_line, column);
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') map.add(i + 1, first_line + map.count_, 1);
        return map;
    }

    /// The buffer's line starting at `offset` is document line `line`, column `column`.
    void add(std::size_t offset, std::uint32_t line, std::uint32_t column) {
        pieces_.push_back({static_cast<std::uint32_t>(offset), line, column});
        ++count_;
    }

    Position at(std::size_t offset) const noexcept {
        if (pieces_.empty()) return {1, static_cast<std::uint32_t>(offset + 1)};
        auto it = std::upper_bound(pieces_.begin(), pieces_.end(), offset,
                                   [](std::size_t o, const Piece& p) { return o < p.offset; });
        if (it != pieces_.begin()) --it;
        return {it->line, static_cast<std::uint32_t>(it->column + (offset - it->offset))};
    }

private:
    struct Piece {
        std::uint32_t offset, line, column;
    };
    std::vector<Piece> pieces_;
    std::uint32_t count_ = 0;
};

}  // namespace planlens::detail
