#include "json_writer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace planlens::detail {

namespace {

/// Length of the valid UTF-8 sequence at `s[i]`, or 0 when it is not valid.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > s.size()) return 0;
    for (std::size_t k = 1; k < length; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    if (length == 2 && c < 0xC2) return 0;                                // overlong
    if (length == 3 && c == 0xE0 && byte(i + 1) < 0xA0) return 0;         // overlong
    if (length == 3 && c == 0xED && byte(i + 1) >= 0xA0) return 0;        // surrogates
    if (length == 4 && c == 0xF0 && byte(i + 1) < 0x90) return 0;         // overlong
    if (length == 4 && (c > 0xF4 || (c == 0xF4 && byte(i + 1) >= 0x90))) return 0;  // > U+10FFFF
    return length;
}

/// Whether `text` is a number as JSON spells it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view text) {
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
        return i - start;
    };
    if (i < text.size() && text[i] == '-') ++i;
    if (i < text.size() && text[i] == '0') ++i;
    else if (digits() == 0) return false;
    if (i < text.size() && text[i] == '.') {
        ++i;
        if (digits() == 0) return false;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
        if (digits() == 0) return false;
    }
    return i == text.size();
}

}  // namespace

void JsonWriter::escape(std::string& out, std::string_view text) {
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        // most text is printable ASCII: it goes out a run at a time, not a byte at a time
        std::size_t run = i;
        while (run < text.size() && static_cast<unsigned char>(text[run]) - 0x20u < 0x60u && text[run] != '"' &&
               text[run] != '\\')
            ++run;
        out.append(text.data() + i, run - i);
        if ((i = run) == text.size()) break;
        const char c = text[i];
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\', out += c, ++i;
        } else if (u < 0x20) {
            switch (c) {
                case '\n': out += "\\n"; break;
                case '\t': out += "\\t"; break;
                case '\r': out += "\\r"; break;
                default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", u);
            }
            ++i;
        } else if (const std::size_t n = utf8_sequence(text, i); n != 0) {
            out.append(text.substr(i, n)), i += n;
        } else {
            out += "\xEF\xBF\xBD", ++i;  // U+FFFD for a byte that is not UTF-8
        }
    }
    out += '"';
}

void JsonWriter::newline(int depth) {
    if (style_ == Style::compact || (!levels_.empty() && levels_.back().one_line)) return;
    out_ += '\n';
    out_.append(static_cast<std::size_t>(2 * (base_indent_ + depth)), ' ');
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (levels_.empty()) return;
    Level& level = levels_.back();
    if (!level.first) out_ += style_ == Style::compact || level.one_line ? ", " : ",";
    level.first = false;
    newline(static_cast<int>(levels_.size()));
}

void JsonWriter::key(std::string_view name) {
    before_value();
    escape(out_, name);
    out_ += ": ";
    after_key_ = true;
}

void JsonWriter::open(char bracket) {
    before_value();
    out_ += bracket;
    const bool one_line = (!levels_.empty() && levels_.back().one_line) ||
                          static_cast<int>(levels_.size()) + 1 >= one_line_from_;
    levels_.push_back({true, one_line});
}

void JsonWriter::close(char bracket) {
    const bool empty = levels_.back().first;
    const bool one_line = levels_.back().one_line;
    levels_.pop_back();
    if (!empty && !one_line) newline(static_cast<int>(levels_.size()));
    out_ += bracket;
}

void JsonWriter::string(std::string_view value) {
    before_value();
    escape(out_, value);
}

void JsonWriter::raw_number(std::string_view digits) {
    before_value();
    if (is_json_number(digits)) {
        out_ += digits;
        return;
    }
    // "007", ".5", "5." are numbers to PostgreSQL's printer but not to JSON
    double value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc{} && end == digits.data() + digits.size() && std::isfinite(value))
        fmt::format_to(std::back_inserter(out_), "{}", value);
    else
        out_ += "null";
}

void JsonWriter::number(double value, int decimals) {
    before_value();
    if (!std::isfinite(value)) {  // JSON has no inf or NaN
        out_ += "null";
        return;
    }
    fmt::format_to(std::back_inserter(out_), "{:.{}f}", value, decimals);
}

void JsonWriter::integer(std::int64_t value) {
    before_value();
    fmt::format_to(std::back_inserter(out_), "{}", value);
}

void JsonWriter::boolean(bool value) {
    before_value();
    out_ += value ? "true" : "false";
}

void JsonWriter::null() {
    before_value();
    out_ += "null";
}

void node_identity(JsonWriter& w, const Plan& plan, NodeId id) {
    const Node& n = plan.nodes[id];
    w.member_integer("id", id);
    w.member_integer("line", n.source_line);
    w.member("node_type", node_type(n));
    w.member("name", n.name);
    w.key("relation");
    identifier_or_null(w, relation_name(n));
    // PostgreSQL's "Alias": what the node reads is known under; the printed
    // alias, else the object's own name. A Bitmap Index Scan reads an index only.
    w.key("alias");
    identifier_or_null(w, n.kind == NodeKind::bitmap_index_scan ? std::string_view{} : n.target.effective_alias());
    w.key("index");
    identifier_or_null(w, n.target.index);
}

void node_reference(JsonWriter& w, const Plan& plan, NodeId id) {
    if (id == no_node || id >= plan.nodes.size()) return w.null();
    w.begin_object();
    node_identity(w, plan, id);
    w.end_object();
}

}  // namespace planlens::detail
