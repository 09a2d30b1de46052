// A streaming JSON writer: pretty (two-space indent, like PostgreSQL's own
// EXPLAIN output) or compact (one object per line for --json listings).
// Strings are escaped and invalid UTF-8 is replaced, so output is always valid.
#pragma once

#include <planlens/node.hpp>
#include <planlens/plan.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace planlens::detail {

class JsonWriter {
public:
    enum class Style { pretty, compact };

    explicit JsonWriter(std::string& out, Style style = Style::pretty, int base_indent = 0)
        : out_(out), style_(style), base_indent_(base_indent) {}

    /// Pretty style, but objects and arrays opened at nesting level `depth`
    /// or deeper (1 is the outermost) go on one line each: one line per record
    /// of a listing, readable and easy to grep.
    void one_line_from(int depth) { one_line_from_ = depth; }

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    /// Starts a member of the current object; the value follows.
    void key(std::string_view name);

    void string(std::string_view value);
    /// Already formatted, e.g. "0.00"; text JSON would not accept as a number
    /// ("007", ".5") is reformatted, and null written when it is no number at all.
    void raw_number(std::string_view digits);
    /// null for inf and NaN, which JSON cannot express.
    void number(double value, int decimals);
    void integer(std::int64_t value);
    void boolean(bool value);
    void null();

    // Shorthands for "key": value.
    void member(std::string_view name, std::string_view value) { key(name), string(value); }
    void member_number(std::string_view name, double value, int decimals) { key(name), number(value, decimals); }
    void member_integer(std::string_view name, std::int64_t value) { key(name), integer(value); }
    void member_bool(std::string_view name, bool value) { key(name), boolean(value); }

    /// Appends `text` as a JSON string literal (with quotes) to `out`.
    static void escape(std::string& out, std::string_view text);

private:
    void open(char bracket);
    void close(char bracket);
    void before_value();
    void newline(int depth);

    struct Level {
        bool first = true;
        bool one_line = false;
    };

    std::string& out_;
    Style style_;
    int base_indent_;
    std::vector<Level> levels_;
    bool after_key_ = false;
    int one_line_from_ = 1 << 30;
};

/// A printed identifier as PostgreSQL means it (doubled quotes collapsed), or
/// null when there is none.
inline void identifier_or_null(JsonWriter& w, std::string_view printed) {
    printed.empty() ? w.null() : w.string(identifier(printed));
}

/// The members that identify a node in every planlens --json output
/// (docs/json.md): "id" (pre-order, 0 is the root), "line" (of its header in
/// the original document), "node_type" (PostgreSQL's), "name" (as printed),
/// "relation", "alias", "index" (null when the node names none). Written
/// into the object the caller has open, so a record can add its own members.
void node_identity(JsonWriter& w, const Plan& plan, NodeId id);

/// {identity} of the node, or null for no_node.
void node_reference(JsonWriter& w, const Plan& plan, NodeId id);

}  // namespace planlens::detail
