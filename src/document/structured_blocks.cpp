// Finding EXPLAIN (FORMAT JSON / YAML / XML) output in a pasted document.
// A structured plan is one value spread over many lines, so it is found by
// its first line and followed to its end under the rules of its paste style:
// alone or in a code fence, in a psql cell (aligned output marks each
// continued line with a trailing '+'), after a psql -A "QUERY PLAN" header,
// in one quoted CSV field (doubled quotes inside), or in a server log entry
// (auto_explain's continuation lines start with a tab). The unwrapped lines
// are joined into one buffer for the reader, and a SourceMap sends every byte
// of it back to its line and column in the document.
#include "structured_blocks.hpp"

#include "line_cursor.hpp"
#include "../parse/structured/structured.hpp"

#include <planlens/parse.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>

namespace planlens::detail {

namespace {

std::string_view skip_spaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

/// What a structured plan's first line looks like in each format.
PlanFormat starts_structured(std::string_view body) {
    body = trim_right(body);
    if (body == "[" || body == "{" || body.starts_with("{\"Plan\"") || body.starts_with("[{\"Plan\"") ||
        body.starts_with("{\"Query Text\"") || body.starts_with("[{") || body.starts_with("{ \"Plan\""))
        return PlanFormat::json;
    const PlanFormat format = structured_start(body);
    return format == PlanFormat::json ? PlanFormat::text : format;  // JSON only as above: '[' alone is common prose
}

/// Whether a structured start is a plan: its first keys show up early
/// (a prose "- Plan:" or "[" is not one).
bool plan_ahead(std::string_view text, std::size_t from, PlanFormat format) {
    const std::string_view window = text.substr(from, 400);
    const auto has = [&](std::string_view s) { return window.find(s) != std::string_view::npos; };
    switch (format) {
        case PlanFormat::json: return has("\"Plan\"") || has("\"Query Text\"");
        case PlanFormat::yaml: return has("Node Type: ");
        case PlanFormat::xml: return has("<Plan>") || has("<Query-Text>");
        case PlanFormat::text: break;
    }
    return false;
}

bool is_dashes(std::string_view body) {
    body = trim_right(body);
    if (body.size() < 3) return false;
    for (const char c : body)
        if (c != '-' && c != '+') return false;
    return true;
}

bool is_log_plan_start(std::string_view text) {
    return trim_right(text).ends_with("plan:") && text.find("duration: ") != std::string_view::npos;
}

/// Tracks where a JSON value ends: brackets outside strings.
struct JsonDepth {
    int depth = 0;
    bool started = false, in_string = false, escaped = false;

    void feed(std::string_view s) {
        for (const char c : s) {
            if (in_string) {
                if (escaped) escaped = false;
                else if (c == '\\') escaped = true;
                else if (c == '"') in_string = false;
            } else if (c == '"') {
                in_string = true;
            } else if (c == '[' || c == '{') {
                ++depth;
                started = true;
            } else if (c == ']' || c == '}') {
                --depth;
            }
        }
    }
    bool closed() const { return started && depth <= 0; }
};

class Finder {
public:
    explicit Finder(std::string_view text) : text_(text), cursor_(text) {}

    std::vector<StructuredBlock> run() {
        SourceLine line;
        SourceLine previous;
        bool fenced = false;
        while (cursor_.next(line)) {
            const std::string_view body = skip_spaces(line.text);
            if (body.starts_with("```") || body.starts_with("~~~")) fenced = !fenced;
            if (!try_start(line, previous, fenced)) previous = line;
            else previous = SourceLine{};
        }
        return std::move(blocks_);
    }

private:
    bool try_start(const SourceLine& line, const SourceLine& previous, bool fenced) {
        const std::string_view text = line.text;
        const std::string_view body = skip_spaces(text);
        // psql aligned: " [    +" under a rule of dashes
        if (text.starts_with(" ") && trim_right(text).ends_with("+") && is_dashes(skip_spaces(previous.text))) {
            const std::string_view cell = trim_right(trim_right(text).substr(1, trim_right(text).size() - 2));
            const PlanFormat format = starts_structured(cell);
            if (format != PlanFormat::text) return psql_cell(line, format);
        }
        // psql -A / \pset format unaligned: "QUERY PLAN" then the value
        if (trim_right(previous.text) == "QUERY PLAN") {
            const PlanFormat format = starts_structured(body);
            if (format != PlanFormat::text) return plain(line, format, PasteStyle::psql_unaligned, true);
        }
        // CSV export: one quoted field
        if (body.starts_with("\"")) {
            const PlanFormat format = starts_structured(csv_preview(body));
            if (format != PlanFormat::text) return csv_field(line, format);
        }
        // auto_explain: "... LOG:  duration: 1.2 ms  plan:" then tab-indented lines
        if (is_log_plan_start(text)) return log_entry(line);
        const PlanFormat format = starts_structured(body);
        if (format == PlanFormat::text) return false;
        if (!plan_ahead(text_, offset_of(line.text), format)) return false;
        return plain(line, format, fenced ? PasteStyle::fenced : PasteStyle::bare, false);
    }

    std::size_t offset_of(std::string_view piece) const { return static_cast<std::size_t>(piece.data() - text_.data()); }

    /// The start of a CSV field with its doubled quotes undone (for a first look only).
    static std::string csv_preview(std::string_view body) {
        std::string out;
        for (std::size_t i = 1; i < body.size() && out.size() < 64; ++i) {
            out += body[i];
            if (body[i] == '"' && i + 1 < body.size() && body[i + 1] == '"') ++i;
        }
        return out;
    }

    void begin(PasteStyle style, PlanFormat format) {
        block_ = StructuredBlock{};
        block_.style = style;
        block_.format = format;
        depth_ = JsonDepth{};
    }

    void add(std::string_view piece, std::uint32_t line, std::uint32_t column) {
        if (block_.text.empty()) block_.first_line = line;
        block_.map.add(block_.text.size(), line, column);
        block_.text += piece;
        block_.text += '\n';
        block_.last_line = line;
        if (block_.format == PlanFormat::json) depth_.feed(piece);
    }

    /// Whether the value is complete after the line just added.
    bool complete(std::string_view piece) const {
        if (block_.format == PlanFormat::json) return depth_.closed();
        if (block_.format == PlanFormat::xml) return piece.find("</explain>") != std::string_view::npos;
        return false;
    }

    bool finish() {
        blocks_.push_back(std::move(block_));
        return true;
    }

    bool psql_cell(const SourceLine& first, PlanFormat format) {
        begin(PasteStyle::psql, format);
        SourceLine row = first;
        for (;;) {
            const std::string_view trimmed = trim_right(row.text);
            const bool continued = trimmed.ends_with("+");
            std::string_view cell = trimmed.substr(std::min<std::size_t>(1, trimmed.size()));
            if (continued) cell = trim_right(cell.substr(0, cell.size() - 1));
            add(cell, row.line, row.column + 1);
            if (!continued || !cursor_.next(row)) break;
        }
        SourceLine footer;
        if (cursor_.peek(footer) && skip_spaces(footer.text).starts_with("(") && trim_right(footer.text).ends_with("row)"))
            cursor_.next(footer);
        return finish();
    }

    /// Lines as they are: bare, fenced, psql unaligned. JSON ends where its
    /// brackets close, XML at </explain>, YAML at a blank or unindented line.
    bool plain(const SourceLine& first, PlanFormat format, PasteStyle style, bool footer) {
        begin(style, format);
        add(first.text, first.line, first.column);
        bool done = complete(first.text);
        const bool top_mapping = !skip_spaces(first.text).starts_with("- ");
        SourceLine row;
        while (!done && cursor_.peek(row)) {
            const std::string_view body = skip_spaces(row.text);
            if (body.starts_with("```") || body.starts_with("~~~")) break;
            if (format == PlanFormat::yaml && !yaml_continues(row.text, top_mapping)) break;
            if (footer && body.starts_with("(") && trim_right(body).ends_with("row)")) break;
            cursor_.next(row);
            add(row.text, row.line, row.column);
            done = complete(row.text);
        }
        if (footer && cursor_.peek(row) && skip_spaces(row.text).starts_with("(") && trim_right(row.text).ends_with("row)"))
            cursor_.next(row);
        return finish();
    }

    /// Whether a line still belongs to a YAML plan: indented, another "- "
    /// item of the top list, or (auto_explain's one mapping) another top key.
    static bool yaml_continues(std::string_view line, bool top_mapping) {
        line = trim_right(line);
        if (line.empty()) return false;
        if (line.front() == ' ' || line.starts_with("- ")) return true;
        if (!top_mapping || line.front() < 'A' || line.front() > 'Z') return false;
        const std::size_t colon = line.find(':');
        return colon != std::string_view::npos && (colon + 1 == line.size() || line[colon + 1] == ' ') &&
               line.substr(0, colon).find_first_of("\"(){}[]") == std::string_view::npos;
    }

    /// One CSV field, "..." with "" for each quote, over as many lines as it takes.
    bool csv_field(const SourceLine& first, PlanFormat format) {
        begin(PasteStyle::csv, format);
        SourceLine row = first;
        std::size_t from = static_cast<std::size_t>(skip_spaces(row.text).data() - row.text.data()) + 1;
        std::string piece;
        for (;;) {
            const std::string_view text = row.text;
            bool closed = false;
            piece.clear();
            std::size_t i = from;
            for (; i < text.size(); ++i) {
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        piece += '"';
                        ++i;
                        continue;
                    }
                    closed = true;
                    break;
                }
                piece += text[i];
            }
            // a column offset per joined line only holds where no quote was undone
            add(piece, row.line, row.column + static_cast<std::uint32_t>(from));
            if (closed || !cursor_.next(row)) break;
            from = 0;
        }
        return finish();
    }

    bool log_entry(const SourceLine& header) {
        SourceLine row;
        if (!cursor_.peek(row) || !row.text.starts_with("\t")) return false;
        const PlanFormat format = log_format(row.text.substr(1));
        if (format == PlanFormat::text) return false;
        (void)header;
        begin(PasteStyle::log, format);
        while (cursor_.peek(row) && row.text.starts_with("\t")) {
            cursor_.next(row);
            add(row.text.substr(1), row.line, row.column + 1);
        }
        return finish();
    }

    /// auto_explain writes one element without the surrounding array or list.
    static PlanFormat log_format(std::string_view first) {
        first = trim_right(first);
        if (first == "{") return PlanFormat::json;
        const PlanFormat format = structured_start(first);
        return format == PlanFormat::json ? PlanFormat::text : format;
    }

    std::string_view text_;
    LineCursor cursor_;
    std::vector<StructuredBlock> blocks_;
    StructuredBlock block_;
    JsonDepth depth_;
};

}  // namespace

namespace {

/// Whether `text` has "Plan" as a JSON key ("Plan"), a YAML key (Plan:) or an
/// XML element (<Plan>): no document without one holds a structured plan.
/// One pass over the bytes, a memchr for each 'P' (three finds of the three
/// spellings read a 64 MB document three times, 8% of its whole parse).
bool may_hold_structured_plan(std::string_view text) noexcept {
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, 'P', static_cast<std::size_t>(end - p))));
         ++p) {
        if (end - p < 5 || std::memcmp(p, "Plan", 4) != 0) continue;  // the spellings all go on after it
        const char before = p > begin ? p[-1] : '\0', after = p[4];
        if ((before == '"' && after == '"') || after == ':' || (before == '<' && after == '>')) return true;
    }
    return false;
}

}  // namespace

std::vector<StructuredBlock> find_structured_blocks(std::string_view text) {
    if (!may_hold_structured_plan(text)) return {};
    return Finder(text).run();
}

}  // namespace planlens::detail

namespace planlens::detail {

namespace {

/// The nearest markdown heading above each block, without its # marks (one pass).
std::vector<std::string_view> headings_above(std::string_view text, const std::vector<StructuredBlock>& blocks) {
    std::vector<std::string_view> headings;
    LineCursor cursor(text);
    SourceLine l;
    std::string_view heading;
    for (const StructuredBlock& block : blocks) {
        while (cursor.peek(l) && l.line < block.first_line) {
            cursor.next(l);
            std::string_view body = l.text;
            if (!body.starts_with("#")) continue;
            while (body.starts_with("#")) body.remove_prefix(1);
            if (body.starts_with(" ")) heading = trim_right(skip_spaces(body));
        }
        headings.push_back(heading);
    }
    return headings;
}

std::string_view query_text(const Plan& plan) {
    for (std::size_t k = 1; k < plan.fields.size(); k = plan.fields[k].end)
        if (plan.fields[k].key == "Query Text") return plan.fields[k].value;
    return {};
}

/// Where a structured plan's span starts: the whole block when it holds one
/// plan, else the element's opening line, so that the span reads back as
/// JSON, YAML or XML.
std::uint32_t span_start(const Plan& plan, const StructuredBlock& block, bool alone) noexcept {
    if (alone) return block.first_line;
    return plan.fields.empty() ? plan.first_line() : plan.fields.front().position.line;
}

}  // namespace

StructuredPlans::StructuredPlans(std::string_view text, const ParseLimits& limits) : limits_(limits) {
    try {
        blocks_ = find_structured_blocks(text);
    } catch (const std::bad_alloc&) {
        blocks_.clear();
    }
    if (!blocks_.empty()) headings_ = headings_above(text, blocks_);
}

bool StructuredPlans::covers(std::uint32_t line) const noexcept {
    // blocks are in document order and do not overlap: the last one starting at or above `line`
    const auto after = std::upper_bound(blocks_.begin(), blocks_.end(), line,
                                        [](std::uint32_t l, const StructuredBlock& b) { return l < b.first_line; });
    return after != blocks_.begin() && line <= std::prev(after)->last_line;
}

void StructuredPlans::emit_before(std::uint32_t line, const PlanSink& emit) {
    while (next_ < blocks_.size() && blocks_[next_].first_line < line) emit_block(next_++, emit);
}

void StructuredPlans::emit_block(std::size_t b, const PlanSink& emit) {
    StructuredBlock& block = blocks_[b];
    const auto store = std::make_shared<TextStore>();
    auto read = read_structured_plans(block.text, block.format, block.map, store, limits_);
    const bool alone = read.size() == 1;
    std::vector<FoundPlan> plans;
    plans.reserve(read.size());
    for (auto& plan : read) {
        FoundPlan found;
        found.style = block.style;
        found.format = block.format;
        found.heading = headings_[b];
        found.last_line = block.last_line;
        if (plan) {
            found.first_line = span_start(*plan, block, alone);
            found.last_line = alone ? block.last_line : std::max(plan->last_line(), found.first_line);
            found.sql = query_text(plan.value());
            found.plan = std::move(plan).value();
        } else {
            found.first_line = plan.error().position.line == 0 ? block.first_line : plan.error().position.line;
            found.error = plan.error();
        }
        plans.push_back(std::move(found));
    }
    std::stable_sort(plans.begin(), plans.end(),
                     [](const FoundPlan& x, const FoundPlan& y) { return x.first_line < y.first_line; });
    for (FoundPlan& found : plans) emit(std::move(found));
    // the plans own what they need (the text store): the block's text is not needed again
    block.text = std::string();
    block.map = SourceMap();
}

}  // namespace planlens::detail
