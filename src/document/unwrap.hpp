// Unwrapping a pasted document: find the regions that may hold a plan (a
// psql table, a markdown table, a DBeaver grid, a CSV export, a log entry, a
// bare plan in prose or in a code fence) and turn their rows back into the
// plan lines PostgreSQL printed, each keeping its line and column in the
// original document. Only lines that must change (CSV doubled quotes,
// markdown "\|") are copied, into a LineArena; the rest are views.
#pragma once

#include "context.hpp"
#include "line_arena.hpp"
#include "line_cursor.hpp"

#include <planlens/source.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace planlens::detail {


// ---- one row of one paste style ------------------------------------------------
// Each takes a document line (trailing blanks already removed) and yields the
// plan line in it. `pad` is how many spaces of decoration follow the row's
// left edge: measured on the table's first row, whose plan line (the root)
// never starts with a space.

/// "| <line> |", "| <line>" (closing pipe lost), indented or not; "\|" unescaped.
SourceLine unwrap_markdown_row(const SourceLine& row, std::size_t pad, LineArena& arena);
/// " <line>" of psql's aligned output: strips the left edge and `pad` spaces.
SourceLine unwrap_psql_aligned(const SourceLine& row, std::size_t pad);
/// "<line padded>|" of a DBeaver grid (the "|" may be lost in a truncated paste).
SourceLine unwrap_dbeaver_row(const SourceLine& row, std::size_t pad);
/// A CSV field: "\"...\"" with doubled quotes inside, or an unquoted line as it is.
SourceLine unwrap_csv_row(const SourceLine& row, LineArena& arena);
/// "QUERY PLAN | <line>" (psql \x) or "QUERY PLAN|<line>" (psql -A \x).
SourceLine unwrap_psql_expanded(const SourceLine& row);
/// "\t<line>": a server log continuation line; strips exactly the tab.
SourceLine unwrap_log_row(const SourceLine& row);

/// The spaces after the row's left edge that belong to the decoration, from
/// the first data row of a table (the plan's root, which has no indentation).
std::size_t markdown_pad(const SourceLine& first_row);
std::size_t leading_spaces(std::string_view text) noexcept;

// ---- regions -------------------------------------------------------------------

/// A region of the document that may hold plans, with its rows unwrapped.
struct Block {
    PasteStyle style = PasteStyle::bare;
    /// An explicit plan container ("QUERY PLAN" header, a log "plan:" entry):
    /// its first row is a plan's root even without figures (COSTS OFF).
    bool explicit_root = false;
    std::span<const SourceLine> lines;
    /// Indices into `lines` of rows that were CSV-quoted (style csv for plans that use them).
    std::span<const std::uint32_t> csv_rows;
    std::string_view heading;  ///< nearest markdown heading above
    std::string_view sql;      ///< nearest SQL block above, or the log entry's Query Text
};

/// Walks the document once and yields its regions in order.
class Unwrapper {
public:
    Unwrapper(std::string_view text, LineArena& arena)
        : text_(text), cursor_(text), arena_(arena), context_(arena) {}

    /// The next region; its spans stay valid until the next call. False at the end.
    bool next(Block& block);

private:
    bool step(const SourceLine& line);
    bool start_region(const SourceLine& line, std::string_view body);
    /// A root psql -t cut before its figures (rare: only lines ending in a wrap mark get here).
    bool wrapped_root(std::string_view text);
    /// The same in old-ascii, whose cut rows end with a padding space instead of a mark.
    bool padded_root(const SourceLine& line);
    void begin_region(PasteStyle style, bool explicit_root);

    bool read_query_plan(const SourceLine& header, std::string_view rest);
    bool read_pipe_table(const SourceLine& first);
    bool read_dbeaver();
    bool read_unaligned(PasteStyle style);
    bool read_log_entry();

    // psql's aligned and wrapped tables, every border and line style (unwrap_psql.cpp)
    /// One row of a table, taken apart. `content` keeps the trailing spaces
    /// of a row that may have been cut (they are part of the cell then).
    struct Row {
        SourceLine line;
        std::size_t at = 0;        ///< byte where the content starts in line.text
        std::string_view content;  ///< between the left edge and the right edge or mark
        bool left_mark = false;    ///< starts with a wrap mark: continues the row above
        bool right_mark = false;   ///< ends with a wrap mark (or old-ascii's padding)
        bool padded = false;       ///< old-ascii's padding space after a full row: it wraps
        bool remainder = false;    ///< a piece a terminal cut off: no padding, no frame
    };
    /// The columns of an expanded record's "QUERY PLAN" field rows.
    struct Field {
        std::size_t name_column = 0;   ///< display column of "QUERY PLAN"
        std::size_t value_column = 0;  ///< display column where the value starts
        bool framed = false;           ///< border 2: rows end with a border
    };
    bool read_psql_header(const SourceLine& header);
    bool read_psql_framed(const SourceLine& first);
    bool read_psql_table(int border, std::size_t edge, std::size_t width, const SourceLine* first_row);
    Row table_row(const SourceLine& line, std::size_t edge, int border, std::size_t width) const;
    void join_rows(int border, std::size_t footer);
    bool read_expanded(const SourceLine& first);
    /// psql -t: bare lines whose cut rows end with a wrap mark at the widest row's width.
    void rejoin_marked_rows();
    /// psql -t in old-ascii: cut rows end with a padding space at the widest
    /// row's width. False (nothing changed) when no row is cut so.
    bool rejoin_padded_rows();
    /// Lines a terminal, a mail or a chat client broke: a line with parentheses
    /// still open, completed by the next line, which could not stand alone.
    void rejoin_hard_wraps();
    static bool field_layout(std::string_view body, Field& field) noexcept;
    bool field_continues(const SourceLine& row, const Field& field, std::size_t edge) const noexcept;
    /// A cell rebuilt from the pieces psql (or a terminal) wrapped it into.
    void start_cell(const SourceLine& row, std::size_t at, std::string_view content);
    void continue_cell(const SourceLine& row, std::size_t at, std::string_view content, std::size_t drop);
    void end_cell();
    // psql's markup formats: html, asciidoc, latex, latex-longtable, troff-ms (unwrap_psql_markup.cpp)
    bool read_psql_html(const SourceLine& first);
    bool read_asciidoc(const SourceLine& first);
    bool read_latex(const SourceLine& first);
    bool read_troff(const SourceLine& first);
    /// Bytes [begin, end) of `line` with the escapes that start with one of
    /// `escape_chars` decoded by `decode` (which appends what an escape stands
    /// for and returns its length, 0 for none); a view when there are none,
    /// else a copy that keeps where its pieces came from.
    SourceLine unescaped(const SourceLine& line, std::size_t begin, std::size_t end, std::string_view escape_chars,
                         std::size_t (*decode)(std::string_view, std::string&));
    /// A table cell as a plan line; psql prints an empty cell for no plan line.
    void add_cell(const SourceLine& cell);
    // wrappers: HTML, quoted rows, double spacing, fragments (unwrap_wrappers.cpp)
    bool read_html(const SourceLine& first);
    /// One line of a <pre> block, tags dropped and entities decoded, from byte `from` on.
    SourceLine html_line(const SourceLine& line, std::string_view text, std::size_t from);
    void strip_row_quotes();
    /// Skips the blank line after a plan line when the paste is double-spaced throughout.
    bool skip_double_spacing(std::size_t root_indent);
    bool quoted_rows_start(const SourceLine& line, std::string_view body);
    bool fragment_start(const SourceLine& line, std::string_view body);
    /// Whether `line` came from a "> " blockquote.
    bool quoted(const SourceLine& line) const noexcept;

    /// The document line with the trailing blanks the cursor dropped: in a
    /// wrapped cell they are text, and old-ascii's padding shows a cut.
    std::string_view untrimmed(const SourceLine& line) const noexcept;
    void read_bare(const SourceLine& first, const SourceLine* second);

    /// has_figures() for a document line, by one forward search over the
    /// whole document instead of a second pass over every line.
    bool line_has_figures(std::string_view line);

    void add(const SourceLine& line) { lines_.push_back(line); }
    void add_csv(const SourceLine& row);
    /// The next line if `accept` says it belongs to the region; otherwise it stays unread.
    template <typename Accept>
    bool next_if(SourceLine& line, Accept accept) {
        const LineCursor saved = cursor_;
        if (cursor_.next(line) && accept(line)) return true;
        cursor_ = saved;
        return false;
    }

    std::string_view text_;
    LineCursor cursor_;
    LineArena& arena_;
    Context context_;
    Fence fence_;

    // the region being built
    std::vector<SourceLine> lines_;
    std::vector<std::uint32_t> csv_rows_;
    std::vector<SourceLine> raw_;  ///< a table's rows before the decoration is measured
    PasteStyle style_ = PasteStyle::bare;
    bool explicit_root_ = false;
    std::string_view block_sql_;  ///< a log entry's Query Text
    bool has_block_sql_ = false;

    // a psql table's rows and the cell being rebuilt
    std::vector<Row> rows_;
    std::vector<char> continues_;
    std::string cell_;
    std::vector<Piece> pieces_;
    SourceLine cell_view_;
    bool cell_open_ = false;
    bool wrapped_ = false;  ///< some cell of the region was rejoined
    bool terminal_cut_ = false;  ///< the table's rule was cut: pieces are a terminal's, not psql's
    std::size_t double_spaced_lines_ = 0;  ///< blank lines skipped after plan lines

    // the first "(cost=", "(actual " or "(never executed)" at or after figures_from_: at
    // figures_at_, or (npos) none before figures_to_
    std::size_t figures_from_ = 0;
    std::size_t figures_at_ = std::string_view::npos;
    std::size_t figures_to_ = 0;

    // a prose line that may turn out to be a COSTS OFF root once the next line is seen
    SourceLine previous_;
    bool previous_may_root_ = false;
};

}  // namespace planlens::detail
