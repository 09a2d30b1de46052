// EXPLAIN (FORMAT YAML) -> fields. PostgreSQL writes a small fixed subset of
// YAML (explain.c): block mappings "Key: value" indented two spaces a level,
// block sequences "- " whose first member shares the dash's line, strings
// always double-quoted with JSON's escapes (escape_yaml is escape_json),
// numbers and booleans bare, and nested lists as flow sequences ["a", "b"].
// This reader takes exactly that, line by line, without a YAML library: each
// value keeps the type its spelling gives it, as in the server's JSON.
#include "readers.hpp"

#include <fmt/format.h>

#include <charconv>

namespace planlens::detail {

namespace {

constexpr std::size_t npos = std::string_view::npos;

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// One line of the buffer: where it starts, where its content starts (after
/// the indentation, or after a "- " that opened a sequence item) and ends.
struct Line {
    std::size_t begin = 0, start = 0, end = 0;
    std::size_t indent() const { return start - begin; }
};

class YamlReader {
public:
    YamlReader(std::string_view text, const SourceMap& map, TextStore& store, std::size_t max_depth)
        : text_(text), map_(map), store_(store), max_depth_(max_depth) {
        for (std::size_t at = 0; at <= text.size();) {
            std::size_t end = text.find('\n', at);
            if (end == npos) end = text.size();
            Line line{at, at, end};
            while (line.end > line.begin && (text[line.end - 1] == '\r' || text[line.end - 1] == ' ')) --line.end;
            while (line.start < line.end && text[line.start] == ' ') ++line.start;
            if (line.start < line.end) lines_.push_back(line);  // blank lines carry nothing
            at = end + 1;
        }
    }

    Result<Fields> read() {
        if (const std::size_t bad = invalid_utf8(text_); bad != npos) {
            fail_at(bad, "a byte that is not UTF-8");  // the server writes UTF-8 (or the encoding is lost)
            return error();
        }
        if (lines_.empty()) {
            fail_at(text_.size(), "empty document");
            return error();
        }
        const std::size_t indent = lines_[0].indent();
        if (!block({}, lines_[0].start, indent, 1)) return error();
        if (current_ < lines_.size()) fail_at(lines_[current_].start, "unexpected text after the end of the YAML document");
        if (!message_.empty()) return error();
        return std::move(fields_);
    }

private:
    std::string_view content(const Line& l) const { return text_.substr(l.start, l.end - l.start); }
    static bool is_item(std::string_view c) { return c == "-" || c.starts_with("- "); }

    /// A value laid out over lines from the current one, all at `indent`.
    bool block(std::string_view key, std::size_t at, std::size_t indent, std::size_t depth) {
        const std::string_view c = content(lines_[current_]);
        if (is_item(c)) return sequence(key, at, indent, depth);
        std::string_view name;
        std::size_t rest = 0;
        if (key_of(lines_[current_], name, rest) == Key::yes) return mapping(key, at, indent, depth);
        if (!message_.empty()) return false;
        const std::size_t from = lines_[current_].start;
        const bool ok = inline_value(key, at, from, lines_[current_].end, depth);
        ++current_;
        return ok;
    }

    bool sequence(std::string_view key, std::size_t at, std::size_t indent, std::size_t depth) {
        const std::size_t self = open(key, FieldType::array, at, depth);
        if (self == npos) return false;
        while (current_ < lines_.size() && lines_[current_].indent() == indent && is_item(content(lines_[current_]))) {
            Line& line = lines_[current_];
            const std::size_t dash = line.start;
            std::size_t item = dash + 1;
            while (item < line.end && text_[item] == ' ') ++item;
            if (item == line.end) {  // "-" alone: the item is on the lines below
                ++current_;
                if (!nested({}, dash, indent, depth + 1, true)) return false;
                continue;
            }
            line.start = item;  // the item's first line begins after the dash
            if (!block({}, item, item - line.begin, depth + 1)) return false;
        }
        return close(self);
    }

    bool mapping(std::string_view key, std::size_t at, std::size_t indent, std::size_t depth) {
        const std::size_t self = open(key, FieldType::object, at, depth);
        if (self == npos) return false;
        while (current_ < lines_.size() && lines_[current_].indent() == indent) {
            const Line line = lines_[current_];
            std::string_view name;
            std::size_t rest = 0;
            const Key found = key_of(line, name, rest);
            if (found == Key::bad) return false;
            if (found == Key::no) return fail_at(line.start, "expected 'Key: value' in a mapping");
            name = store_.keep(name);
            if (rest < line.end) {
                if (!inline_value(name, line.start, rest, line.end, depth + 1)) return false;
                ++current_;
            } else {
                ++current_;
                if (!nested(name, line.start, indent, depth + 1, false)) return false;
            }
        }
        if (current_ < lines_.size() && lines_[current_].indent() > indent)
            return fail_at(lines_[current_].start, "unexpected indentation");
        return close(self);
    }

    /// The value of "Key:" (or of a lone "-") on the lines below: deeper
    /// than the key, or, for a key, a sequence at the key's own indentation.
    bool nested(std::string_view key, std::size_t at, std::size_t indent, std::size_t depth, bool item) {
        if (current_ < lines_.size()) {
            const Line& next = lines_[current_];
            if (next.indent() > indent || (!item && next.indent() == indent && is_item(content(next))))
                return block(key, next.start, next.indent(), depth);
        }
        // Nothing below: an empty list or group (PostgreSQL prints "Key: " for
        // both), or YAML's null where the key is not one of those.
        const FieldType type = json_type_of({}, key);
        if (type == FieldType::array || type == FieldType::object) {
            const std::size_t self = open(key, type, at, depth);
            return self != npos && close(self);
        }
        return scalar(key, "null", FieldType::null, at);
    }

    enum class Key { yes, no, bad };

    /// Whether the line is "Key: ..." (the key bare, or double-quoted as
    /// ExplainDummyGroup writes it); `rest` is where its value starts.
    Key key_of(const Line& line, std::string_view& name, std::size_t& rest) {
        const std::string_view c = content(line);
        std::size_t colon = npos;
        if (c.starts_with("\"")) {
            std::size_t close = 0;
            if (!quoted(line.start, line.end, decoded_, close)) return Key::bad;
            if (close >= line.end || text_[close] != ':') return Key::no;
            name = decoded_;
            colon = close - line.start;
        } else {
            if (c.starts_with("[") || c.starts_with("{")) return Key::no;
            colon = c.find(": ");
            if (colon == npos && c.ends_with(":")) colon = c.size() - 1;
            if (colon == npos || colon == 0) return Key::no;
            name = c.substr(0, colon);
        }
        rest = line.start + colon + 1;
        while (rest < line.end && text_[rest] == ' ') ++rest;
        return Key::yes;
    }

    /// A value that sits on one line, from `from` to `end`.
    bool inline_value(std::string_view key, std::size_t at, std::size_t from, std::size_t end, std::size_t depth) {
        const char first = text_[from];
        if (first == '[') return flow(key, at, from, end, depth);
        if (first == '"') {
            std::size_t close = 0;
            if (!quoted(from, end, decoded_, close)) return false;
            if (close != end) return fail_at(close, "unexpected text after a quoted string");
            return scalar(key, store_.keep(decoded_), FieldType::string, at);
        }
        if (first == '{' || first == '\'' || first == '&' || first == '*' || first == '!' || first == '|' ||
            first == '>')
            return fail_at(from, "YAML that EXPLAIN does not write (flow mappings, single quotes, anchors, tags, "
                                 "block scalars)");
        return plain(key, text_.substr(from, end - from), at);
    }

    /// A bare scalar: a number, true/false, null, or text.
    bool plain(std::string_view key, std::string_view s, std::size_t at) {
        if (s == "true" || s == "false") return scalar(key, s == "true" ? "true" : "false", FieldType::boolean, at);
        if (s == "null" || s == "~") return scalar(key, "null", FieldType::null, at);
        if (is_json_number(s)) return scalar(key, store_.keep(s), FieldType::number, at);
        return scalar(key, store_.keep(s), FieldType::string, at);
    }

    /// ["a", "b"]: ExplainPropertyListNested's one-line list of strings.
    bool flow(std::string_view key, std::size_t at, std::size_t from, std::size_t end, std::size_t depth) {
        const std::size_t self = open(key, FieldType::array, at, depth);
        if (self == npos) return false;
        std::size_t i = from + 1;
        const auto spaces = [&] {
            while (i < end && text_[i] == ' ') ++i;
        };
        spaces();
        if (i < end && text_[i] == ']') {
            ++i;
        } else {
            for (;;) {
                spaces();
                if (i >= end) return fail_at(i, "a flow sequence that does not close on its line");
                const std::size_t item = i;
                if (text_[i] == '"') {
                    if (!quoted(i, end, decoded_, i)) return false;
                    if (!scalar({}, store_.keep(decoded_), FieldType::string, item)) return false;
                } else {
                    while (i < end && text_[i] != ',' && text_[i] != ']') ++i;
                    std::string_view s = text_.substr(item, i - item);
                    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
                    if (s.empty()) return fail_at(item, "an empty item in a flow sequence");
                    if (!plain({}, s, item)) return false;
                }
                spaces();
                if (i < end && text_[i] == ',') {
                    ++i;
                    continue;
                }
                if (i < end && text_[i] == ']') {
                    ++i;
                    break;
                }
                return fail_at(i, "expected ',' or ']' in a flow sequence");
            }
        }
        spaces();
        if (i != end) return fail_at(i, "unexpected text after a flow sequence");
        return close(self);
    }

    /// A double-quoted string from `from` with JSON's escapes, decoded into
    /// `out`; `close` is one past its closing quote.
    bool quoted(std::size_t from, std::size_t end, std::string& out, std::size_t& close) {
        out.clear();
        for (std::size_t i = from + 1; i < end; ++i) {
            const char c = text_[i];
            if (c == '"') {
                close = i + 1;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) return fail_at(i, "a control character inside a quoted string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (++i >= end) break;
            switch (text_[i]) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    std::uint32_t cp = 0;
                    if (!hex4(i + 1, end, cp)) return fail_at(i - 1, "a \\u escape needs four hex digits");
                    i += 4;
                    if (cp >= 0xD800 && cp < 0xDC00) {  // a surrogate pair: the low half must follow
                        std::uint32_t low = 0;
                        if (i + 2 >= end || text_[i + 1] != '\\' || text_[i + 2] != 'u' || !hex4(i + 3, end, low) ||
                            low < 0xDC00 || low > 0xDFFF)
                            return fail_at(i - 5, "a \\u escape of a lone surrogate");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        return fail_at(i - 5, "a \\u escape of a lone surrogate");
                    }
                    append_utf8(out, cp);
                    break;
                }
                default: return fail_at(i - 1, "an unknown escape in a quoted string");
            }
        }
        return fail_at(from, "a quoted string that does not close on its line");
    }

    bool hex4(std::size_t from, std::size_t end, std::uint32_t& value) const {
        if (from + 4 > end) return false;
        const char* first = text_.data() + from;
        const auto [ptr, ec] = std::from_chars(first, first + 4, value, 16);
        return ec == std::errc{} && ptr == first + 4;
    }

    std::size_t open(std::string_view key, FieldType type, std::size_t at, std::size_t depth) {
        if (depth > max_depth_) {
            fail_at(at, fmt::format("YAML nested deeper than {} levels", max_depth_));
            return npos;
        }
        fields_.push_back(Field{key, {}, type, 0, map_.at(at)});
        return fields_.size() - 1;
    }

    bool close(std::size_t self) {
        fields_[self].end = static_cast<std::uint32_t>(fields_.size());
        return true;
    }

    bool scalar(std::string_view key, std::string_view value, FieldType type, std::size_t at) {
        fields_.push_back(Field{key, value, type, static_cast<std::uint32_t>(fields_.size() + 1), map_.at(at)});
        return true;
    }

    bool fail_at(std::size_t offset, std::string_view what) {
        if (message_.empty()) {
            message_ = what;
            error_offset_ = std::min(offset, text_.size());
        }
        return false;
    }

    Error error() const {
        return Error{map_.at(error_offset_), fmt::format("invalid YAML: {}; found {}", message_, found_at(text_, error_offset_))};
    }

    std::string_view text_;
    const SourceMap& map_;
    TextStore& store_;
    std::size_t max_depth_;
    std::vector<Line> lines_;
    std::size_t current_ = 0;
    Fields fields_;
    std::string decoded_;
    std::string message_;
    std::size_t error_offset_ = 0;
};

}  // namespace

Result<Fields> read_yaml(std::string_view text, const SourceMap& map, TextStore& store, const ParseLimits& limits) {
    return YamlReader(text, map, store, max_field_depth(limits)).read();
}

}  // namespace planlens::detail
