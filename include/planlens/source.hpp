// Where plan text comes from: logical lines after the paste style was
// unwrapped, each remembering its place in the original document.
#pragma once

#include <cstdint>
#include <string_view>

namespace planlens {

/// One line of plan text as PostgreSQL printed it (leading spaces kept,
/// trailing whitespace and table decoration removed), and where it starts in
/// the original document. `text` points into the caller's buffer or into the
/// `Document` that produced it.
struct SourceLine {
    std::string_view text;
    std::uint32_t line = 0;    ///< 1-based line number in the original document
    std::uint32_t column = 1;  ///< 1-based byte column where `text` starts
};

/// How a plan was pasted. The names (see `to_string`) appear in `extract --json`.
enum class PasteStyle : std::uint8_t {
    bare,            ///< plain plan lines, e.g. psql -At output or a bare paste
    fenced,          ///< inside a ``` or ~~~ code block
    psql,            ///< psql aligned: centred "QUERY PLAN" header, dashes, " (N rows)"; any border and line style
    psql_unaligned,  ///< psql -A: "QUERY PLAN" header, raw rows, "(N rows)"
    psql_expanded,   ///< psql \x: "-[ RECORD n ]--" then "QUERY PLAN | line"
    markdown,        ///< markdown pipe table "| QUERY PLAN |"
    dbeaver,         ///< DBeaver grid: "QUERY PLAN   |" header, rows "line   |"
    csv,             ///< pgAdmin / DataGrip CSV export, rows quoted when needed
    log,             ///< PostgreSQL server log (auto_explain)
    psql_wrapped,    ///< psql \pset format wrapped (or a terminal's cut): cells rejoined
    html,            ///< inside HTML <pre> / <code>, tags dropped, entities decoded
    quoted,          ///< a "> " blockquote (email, markdown), nested or not
    pgadmin3,        ///< pgAdmin 3 rows in single quotes (or only a closing quote left)
    psql_html,       ///< psql \pset format html: a <table>, one <td> per plan line
    psql_asciidoc,   ///< psql \pset format asciidoc: "|====" table, "|" rows, "\|" escaped
    psql_latex,      ///< psql \pset format latex / latex-longtable: rows "... \\", TeX escapes
    psql_troff,      ///< psql \pset format troff-ms: a tbl table between .TS and .TE
};

constexpr std::string_view to_string(PasteStyle style) noexcept {
    switch (style) {
        case PasteStyle::bare: return "bare";
        case PasteStyle::fenced: return "fenced";
        case PasteStyle::psql: return "psql";
        case PasteStyle::psql_unaligned: return "psql-unaligned";
        case PasteStyle::psql_expanded: return "psql-expanded";
        case PasteStyle::markdown: return "markdown";
        case PasteStyle::dbeaver: return "dbeaver";
        case PasteStyle::csv: return "csv";
        case PasteStyle::log: return "log";
        case PasteStyle::psql_wrapped: return "psql-wrapped";
        case PasteStyle::html: return "html";
        case PasteStyle::quoted: return "quoted";
        case PasteStyle::pgadmin3: return "pgadmin3";
        case PasteStyle::psql_html: return "psql-html";
        case PasteStyle::psql_asciidoc: return "psql-asciidoc";
        case PasteStyle::psql_latex: return "psql-latex";
        case PasteStyle::psql_troff: return "psql-troff";
    }
    return "bare";
}

}  // namespace planlens
