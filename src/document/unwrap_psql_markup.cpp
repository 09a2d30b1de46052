// psql's markup output formats for a one-column result: \pset format html,
// asciidoc, latex, latex-longtable and troff-ms, each with \x, \t, a title
// and a footer, read by the rules of psql's print.c. psql writes every cell
// on a line of its own between fixed markup, so each row yields one plan
// line: the cell, with psql's escapes undone, still pointing at its bytes.
// Lines of a table that are neither markup nor a cell are kept as they are.
#include "evidence.hpp"
#include "unwrap.hpp"

#include <array>

namespace planlens::detail {

namespace {

constexpr std::string_view query_plan = "QUERY PLAN";

/// Bytes [begin, end) of `line` as a line of their own.
SourceLine slice(const SourceLine& line, std::size_t begin, std::size_t end) noexcept {
    return SourceLine{line.text.substr(begin, end - begin), line.line, line.column + static_cast<std::uint32_t>(begin)};
}

// ---- psql's escapes, undone ----------------------------------------------------
// Each decoder looks at the text from a byte that may start an escape and
// appends what the escape stands for; it returns the escape's length, or 0.

std::size_t asciidoc_escape(std::string_view at, std::string& out) {
    if (!at.starts_with("\\|")) return 0;
    out += '|';
    return 2;
}

std::size_t latex_escape(std::string_view at, std::string& out) {
    // print.c's latex_escaped_print, inverted
    constexpr std::array<std::pair<std::string_view, char>, 13> escapes{{{"\\textless{}", '<'},
                                                                         {"\\textgreater{}", '>'},
                                                                         {"\\textbackslash{}", '\\'},
                                                                         {"\\textbar{}", '|'},
                                                                         {"\\^{}", '^'},
                                                                         {"\\~{}", '~'},
                                                                         {"\\#", '#'},
                                                                         {"\\$", '$'},
                                                                         {"\\%", '%'},
                                                                         {"\\&", '&'},
                                                                         {"\\_", '_'},
                                                                         {"\\{", '{'},
                                                                         {"\\}", '}'}}};
    for (const auto& [escape, c] : escapes) {
        if (at.starts_with(escape)) {
            out += c;
            return escape.size();
        }
    }
    return 0;
}

std::size_t troff_escape(std::string_view at, std::string& out) {
    if (!at.starts_with("\\(rs")) return 0;
    out += '\\';
    return 4;
}

// ---- what psql writes around the cells ------------------------------------------

/// "<table border=\"1\">", with or without \pset tableattr.
bool is_html_table_start(std::string_view body) noexcept {
    return body.starts_with("<table") && (body.size() == 6 || body[6] == ' ' || body[6] == '>');
}

/// The content of a one-line "<td ...>cell</td>" row; false for other lines
/// and for the colspan row that heads an expanded record.
bool html_cell(std::string_view body, std::size_t& begin, std::size_t& end) noexcept {
    if (!body.starts_with("<td") || !body.ends_with("</td>") || body.find(" colspan=") != std::string_view::npos)
        return false;
    const std::size_t open = body.find('>');
    if (open == std::string_view::npos || open + 1 > body.size() - 5) return false;
    begin = open + 1;
    end = body.size() - 5;
    return true;
}

/// "[options=\"header\",cols=\"<l\",frame=\"none\"]": the attribute line above an AsciiDoc table.
bool is_asciidoc_attributes(std::string_view body) noexcept {
    return body.size() > 2 && body.front() == '[' && body.back() == ']' &&
           (body.starts_with("[cols=\"") || body.starts_with("[options=\"header\",cols=\""));
}

/// Where the value of an expanded AsciiDoc row "<l|QUERY PLAN <l|value" starts;
/// npos for a row of another shape. The name has its "|" escaped, so the
/// first " <l|" (or " >l|" for a right-aligned column) ends it.
std::size_t asciidoc_field_value(std::string_view body) noexcept {
    if (!body.starts_with("<l|") && !body.starts_with(">l|")) return std::string_view::npos;
    for (std::size_t i = 3; i + 4 <= body.size(); ++i)
        if (body[i] == ' ' && (body[i + 1] == '<' || body[i + 1] == '>') && body[i + 2] == 'l' && body[i + 3] == '|')
            return i + 4;
    return std::string_view::npos;
}

/// The LaTeX environment psql opens: "\begin{tabular}{...}" or "\begin{longtable}{...}".
bool is_latex_table_start(std::string_view body, bool& longtable) noexcept {
    longtable = body.starts_with("\\begin{longtable}{");
    return (longtable || body.starts_with("\\begin{tabular}{")) && body.back() == '}';
}

/// The columns a LaTeX column spec declares: "{l}", "{| l |}", "{c|l}", "{p{0.5\textwidth}}".
int latex_columns(std::string_view spec) noexcept {
    int columns = 0;
    int depth = 0;
    for (const char c : spec) {
        if (c == '{') ++depth;
        else if (c == '}') --depth;
        else if (depth == 1 && (c == 'l' || c == 'c' || c == 'r' || c == 'p')) ++columns;
    }
    return columns;
}

/// The rules and head/foot markers psql puts between a LaTeX table's rows.
bool is_latex_markup(std::string_view body) noexcept {
    for (const std::string_view word : {"\\hline", "\\midrule", "\\toprule", "\\bottomrule", "\\endfirsthead",
                                        "\\endhead", "\\endfoot", "\\endlastfoot"})
        if (body == word) return true;
    return body.starts_with("\\multicolumn{") || body.starts_with("\\caption[");
}

/// A header row: "\textit{QUERY PLAN} \\" or longtable's "\small\textbf{\textit{QUERY PLAN}} \\".
bool is_latex_header(std::string_view body) noexcept {
    return body.starts_with("\\textit{") || body.starts_with("\\small\\textbf{\\textit{");
}

/// A tbl options or format line: "center;", "center box;", "l.", "c s.", "c | l.", "c l;".
bool is_tbl_format(std::string_view body) noexcept {
    if (body.size() < 2 || (body.back() != '.' && body.back() != ';')) return false;
    for (const char c : body.substr(0, body.size() - 1))
        if (!(c >= 'a' && c <= 'z') && c != ' ' && c != '|') return false;
    return true;
}

/// The columns of a tbl format line, one key letter each: "l." 1, "c l." 2,
/// "c s." 2 ("s" spans); 0 for the options line, whose words are longer.
int tbl_columns(std::string_view body) noexcept {
    int columns = 0;
    std::size_t run = 0;
    for (const char c : body) {
        run = c >= 'a' && c <= 'z' ? run + 1 : 0;
        if (run > 1) return 0;
        columns += run == 1 ? 1 : 0;
    }
    return columns;
}

}  // namespace

SourceLine Unwrapper::unescaped(const SourceLine& line, std::size_t begin, std::size_t end,
                                std::string_view escape_chars, std::size_t (*decode)(std::string_view, std::string&)) {
    const std::string_view text = line.text.substr(0, end);
    if (text.find_first_of(escape_chars, begin) == std::string_view::npos) return slice(line, begin, end);
    cell_.clear();
    pieces_.clear();
    const auto piece_at = [&](std::size_t i) {
        if (!pieces_.empty() && pieces_.back().offset == cell_.size()) pieces_.pop_back();
        pieces_.push_back(Piece{static_cast<std::uint32_t>(cell_.size()), line.line,
                                line.column + static_cast<std::uint32_t>(i)});
    };
    piece_at(begin);
    for (std::size_t i = begin; i < text.size();) {
        const std::size_t n = escape_chars.find(text[i]) != std::string_view::npos ? decode(text.substr(i), cell_) : 0;
        if (n == 0) {
            cell_ += text[i++];
            continue;
        }
        i += n;
        piece_at(i);
    }
    return arena_.keep(cell_, pieces_);
}

void Unwrapper::add_cell(const SourceLine& cell) {
    if (!cell.text.empty()) add(cell);
}

// ---- HTML ---------------------------------------------------------------------

bool Unwrapper::read_psql_html(const SourceLine& first) {
    if (!is_html_table_start(body_of(first.text))) return false;
    const LineCursor saved = cursor_;
    begin_region(PasteStyle::psql_html, false);
    SourceLine line = first;
    bool closed = false;
    while (!closed && cursor_.next(line)) {
        const std::size_t indent = indent_bytes(line.text);
        const std::string_view body = line.text.substr(indent);
        std::size_t begin = 0;
        std::size_t end = 0;
        if (html_cell(body, begin, end)) {
            // a plan line's leading spaces are "&nbsp;" each; an empty cell is "&nbsp; "
            SourceLine cell = html_line(line, line.text.substr(0, indent + end), indent + begin);
            cell.text = trim_right(cell.text);
            add_cell(cell);
        } else if (body.starts_with("<th") && body.find('>') != std::string_view::npos) {
            const std::size_t open = body.find('>') + 1;
            explicit_root_ = explicit_root_ || body.substr(open).starts_with("QUERY PLAN</th>");
        } else if (body == "</table>") {
            closed = true;
        } else if (!body.empty() && body.front() != '<') {
            add(line);  // not psql's markup: kept for the parser to report
        }
    }
    if (lines_.empty()) {  // a page's own table: its lines are the page's
        cursor_ = saved;
        return false;
    }
    // the footer: "<p>(5 rows)<br />" then "</p>"
    SourceLine footer;
    if (closed && next_if(footer, [](const SourceLine& l) { return body_of(l.text).starts_with("<p>("); }))
        next_if(footer, [](const SourceLine& l) { return body_of(l.text) == "</p>"; });
    return true;
}

// ---- AsciiDoc -------------------------------------------------------------------

bool Unwrapper::read_asciidoc(const SourceLine& first) {
    const LineCursor saved = cursor_;
    SourceLine line = first;
    // the table starts at its attribute line, or at "|====" when that was not pasted
    const bool attributes = is_asciidoc_attributes(body_of(first.text));
    if (!attributes && body_of(first.text) != "|====") return false;
    if (attributes && (!cursor_.next(line) || body_of(line.text) != "|====")) {
        cursor_ = saved;
        return false;
    }
    begin_region(PasteStyle::psql_asciidoc, false);
    bool closed = false;
    while (!closed && cursor_.next(line)) {
        const std::size_t indent = indent_bytes(line.text);
        const std::string_view body = line.text.substr(indent);
        const std::size_t field = asciidoc_field_value(body);
        if (body == "|====") {
            closed = true;
        } else if (body.starts_with("^l|")) {  // the header row
            explicit_root_ = explicit_root_ || body.substr(3) == query_plan || body.substr(3).starts_with("QUERY PLAN ^l|");
        } else if (body.starts_with("2+^|") || body == "2+|") {  // an expanded record's heading
        } else if (field != std::string_view::npos) {
            explicit_root_ = explicit_root_ || body.substr(3).starts_with("QUERY PLAN ");
            add_cell(unescaped(line, indent + field, line.text.size(), "\\", asciidoc_escape));
        } else if (body.starts_with('|')) {
            add_cell(unescaped(line, indent + 1, line.text.size(), "\\", asciidoc_escape));
        } else if (!body.empty()) {
            add(line);
        }
    }
    if (lines_.empty()) {
        cursor_ = saved;
        return false;
    }
    // the footer: a blank line, then "....", "(5 rows)", "...."
    const LineCursor after = cursor_;
    SourceLine footer;
    if (closed && cursor_.next(footer) && footer.text.empty() && cursor_.next(footer) && footer.text == "....") {
        while (cursor_.next(footer) && footer.text != "....") {
        }
    } else {
        cursor_ = after;
    }
    return true;
}

// ---- LaTeX ----------------------------------------------------------------------

bool Unwrapper::read_latex(const SourceLine& first) {
    bool longtable = false;
    const std::string_view start = body_of(first.text);
    if (!is_latex_table_start(start, longtable)) return false;
    const int columns = latex_columns(start.substr(start.find("}{") + 1));
    // one column, or \x's two: the field name and its value
    if (columns != 1 && columns != 2) return false;
    const bool expanded = columns == 2;
    begin_region(PasteStyle::psql_latex, false);
    const std::string_view end_env = longtable ? "\\end{longtable}" : "\\end{tabular}";
    SourceLine line;
    bool closed = false;
    while (!closed && cursor_.next(line)) {
        const std::size_t indent = indent_bytes(line.text);
        const std::string_view body = line.text.substr(indent);
        if (body == end_env) {
            closed = true;
        } else if (is_latex_markup(body) || body.empty()) {
        } else if (is_latex_header(body)) {
            explicit_root_ = explicit_root_ || body.find("{QUERY PLAN}") != std::string_view::npos;
        } else if (body.starts_with("\\raggedright{") && body.ends_with("} \\tabularnewline")) {
            constexpr std::size_t open = std::string_view("\\raggedright{").size();
            constexpr std::size_t close = std::string_view("} \\tabularnewline").size();
            add_cell(unescaped(line, indent + open, line.text.size() - close, "\\", latex_escape));
        } else if (body.ends_with(" \\\\")) {
            // the row is the cell as it is, its leading spaces the plan's indentation
            std::size_t begin = 0;
            if (expanded) {
                // "QUERY PLAN & value \\": an "&" in the name is escaped, so the first " & " ends it
                const std::size_t amp = line.text.find(" & ");
                if (amp != std::string_view::npos) {
                    explicit_root_ = explicit_root_ || line.text.substr(0, amp) == query_plan;
                    begin = amp + 3;
                }
            }
            add_cell(unescaped(line, begin, line.text.size() - 3, "\\", latex_escape));
        } else {
            add(line);
        }
    }
    // the footer: a blank line, then "\noindent (5 rows) \\" (tabular only)
    const LineCursor after = cursor_;
    SourceLine footer;
    if (!(closed && !longtable && cursor_.next(footer) && footer.text.empty() && cursor_.next(footer) &&
          body_of(footer.text).starts_with("\\noindent")))
        cursor_ = after;
    return !lines_.empty();
}

// ---- troff -ms ------------------------------------------------------------------

bool Unwrapper::read_troff(const SourceLine& first) {
    if (body_of(first.text) != ".TS") return false;
    begin_region(PasteStyle::psql_troff, false);
    SourceLine line;
    bool format_next = true;  // after ".TS" and ".T&" come the options and format lines
    int columns = 1;
    bool closed = false;
    while (!closed && cursor_.next(line)) {
        const std::string_view text = line.text;
        if (text == ".TE") {
            closed = true;
        } else if (text == ".T&") {
            format_next = true;
        } else if (format_next && is_tbl_format(text)) {
            if (const int n = tbl_columns(text); n > 0) columns = n;
        } else if (text == "_" || text == "=") {
        } else if (text.starts_with("\\fI") && text.ends_with("\\fP")) {  // the header, or a record's heading
            explicit_root_ = explicit_root_ || text == "\\fIQUERY PLAN\\fP";
        } else {
            format_next = false;
            std::size_t begin = 0;
            if (columns == 2) {  // \x: "QUERY PLAN<tab>value"
                const std::size_t tab = text.find('\t');
                if (tab != std::string_view::npos) {
                    explicit_root_ = explicit_root_ || text.substr(0, tab) == query_plan;
                    begin = tab + 1;
                }
            }
            add_cell(unescaped(line, begin, text.size(), "\\", troff_escape));
        }
    }
    // the footer: ".DS L", "(5 rows)", ".DE"
    SourceLine footer;
    if (closed && next_if(footer, [](const SourceLine& l) { return l.text == ".DS L"; }))
        while (cursor_.next(footer) && footer.text != ".DE") {
        }
    return !lines_.empty();
}

}  // namespace planlens::detail
