// Stable storage for the few lines that unwrapping has to rewrite (CSV rows
// with doubled quotes, markdown "\|", a log's multi-line Query Text, a psql
// session's statement without its prompts, a wrapped psql cell rejoined, HTML
// entities decoded). Addresses never move. A rewritten plan line also keeps
// where each of its pieces came from, so that a position inside it (an error,
// a warning) still points at the original bytes.
#pragma once

#include <planlens/result.hpp>
#include <planlens/source.hpp>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace planlens::detail {

/// Bytes [offset, next piece's offset) of a rewritten line were copied from
/// `line`:`column` of the document onwards.
struct Piece {
    std::uint32_t offset = 0;
    std::uint32_t line = 0;
    std::uint32_t column = 1;
};

/// Where the pieces of rewritten plan lines came from: all that positions
/// need, none of the text. A slice for a range of document lines is a value
/// that another thread can read while unwrapping goes on.
class RewriteIndex {
public:
    /// Records that the line starting at pieces.front() was rewritten from `pieces`.
    void add(const std::vector<Piece>& pieces) {
        const Piece& first = pieces.front();
        Rewrite rewrite{first.line, first.column, static_cast<std::uint32_t>(pieces_.size()), 0};
        pieces_.insert(pieces_.end(), pieces.begin(), pieces.end());
        rewrite.end = static_cast<std::uint32_t>(pieces_.size());
        // regions come in document order, so this is nearly always an append
        const auto at = std::upper_bound(rewrites_.begin(), rewrites_.end(), rewrite, before);
        rewrites_.insert(at, rewrite);
    }

    /// Where a position reported on a plan line really is in the document:
    /// unchanged unless the line was rewritten from pieces.
    Position locate(Position p) const noexcept {
        const Rewrite* r = find(p);
        if (r == nullptr) return p;
        const std::uint32_t offset = p.column - r->column;
        const Piece* piece = &pieces_[r->begin];
        for (std::uint32_t i = r->begin; i < r->end && pieces_[i].offset <= offset; ++i) piece = &pieces_[i];
        return Position{piece->line, piece->column + (offset - piece->offset)};
    }

    /// The document line where a plan line ends (a rejoined line ends below its start).
    std::uint32_t last_line(const SourceLine& line) const noexcept {
        const Rewrite* r = find(Position{line.line, line.column});
        return r == nullptr ? line.line : pieces_[r->end - 1].line;
    }

    /// The rewrites of lines that start from `first` to `last`, on their own.
    RewriteIndex slice(std::uint32_t first, std::uint32_t last) const {
        RewriteIndex out;
        const auto from = std::lower_bound(rewrites_.begin(), rewrites_.end(), Rewrite{first, 0, 0, 0}, before);
        for (auto it = from; it != rewrites_.end() && it->line <= last; ++it) {
            Rewrite r{it->line, it->column, static_cast<std::uint32_t>(out.pieces_.size()), 0};
            out.pieces_.insert(out.pieces_.end(), pieces_.begin() + it->begin, pieces_.begin() + it->end);
            r.end = static_cast<std::uint32_t>(out.pieces_.size());
            out.rewrites_.push_back(r);
        }
        return out;
    }

private:
    struct Rewrite {
        std::uint32_t line, column;  // where the rewritten line starts
        std::uint32_t begin, end;    // its pieces
    };
    static bool before(const Rewrite& a, const Rewrite& b) noexcept {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    }
    const Rewrite* find(Position p) const noexcept {
        // the last rewrite that starts on p's line at or left of p
        const Rewrite key{p.line, p.column, 0, 0};
        auto it = std::upper_bound(rewrites_.begin(), rewrites_.end(), key, before);
        if (it == rewrites_.begin()) return nullptr;
        --it;
        return it->line == p.line && it->column <= p.column ? &*it : nullptr;
    }

    std::vector<Piece> pieces_;
    std::vector<Rewrite> rewrites_;
};

class LineArena {
public:
    std::string_view keep(std::string text) { return strings_.emplace_back(std::move(text)); }

    /// Keeps a rewritten plan line and where its pieces came from; the first
    /// piece (offset 0) is where the line starts, its SourceLine position.
    SourceLine keep(std::string text, const std::vector<Piece>& pieces) {
        const std::string_view kept = keep(std::move(text));
        index_.add(pieces);
        return SourceLine{kept, pieces.front().line, pieces.front().column};
    }

    /// Where every rewritten line came from.
    const RewriteIndex& index() const noexcept { return index_; }

private:
    std::deque<std::string> strings_;  // a deque: kept strings never move, plans point into them
    RewriteIndex index_;
};

}  // namespace planlens::detail
