// PEGTL actions fill HeaderFields; the grammar itself knows nothing of them.
// This translation unit is where the grammar is instantiated, so users of the
// library never compile PEGTL.
#include "line_parser.hpp"

#include "lines.hpp"
#include "numbers.hpp"

#include <planlens/grammar/errors.hpp>
#include <planlens/grammar/line_grammar.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace planlens::detail {

namespace {

namespace pegtl = tao::pegtl;
namespace rules = grammar::rules;

using LineInput = pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf, const char*>;

std::string_view matched(const auto& in) { return {in.begin(), in.size()}; }

/// Strips the surrounding quotes of a "quoted identifier"; doubled quotes inside stay.
std::string_view identifier_text(std::string_view text) {
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') return text.substr(1, text.size() - 2);
    return text;
}

template <typename ActionInput>
double number_of(const ActionInput& in) {
    const auto value = grammar_decimal(matched(in));
    if (!value) throw pegtl::parse_error("number out of range", in);
    return *value;
}

Estimates& estimates(HeaderFields& h) { return h.estimates ? *h.estimates : h.estimates.emplace(); }
Actuals& actuals(HeaderFields& h) { return h.actuals ? *h.actuals : h.actuals.emplace(); }

// clang-format off
template <typename Rule> struct action : pegtl::nothing<Rule> {};

template <> struct action<rules::node_name> {
    template <typename In> static void apply(const In& in, HeaderFields& h) { h.name = matched(in); }
};
template <> struct action<rules::index_name> {
    template <typename In> static void apply(const In& in, HeaderFields& h) { h.index = identifier_text(matched(in)); }
};
template <> struct action<rules::target_first> {
    template <typename In> static void apply(const In& in, HeaderFields& h) { h.first = identifier_text(matched(in)); }
};
template <> struct action<rules::target_second> {
    template <typename In> static void apply(const In& in, HeaderFields& h) { h.second = identifier_text(matched(in)); }
};
template <> struct action<rules::target_alias> {
    template <typename In> static void apply(const In& in, HeaderFields& h) { h.alias = identifier_text(matched(in)); }
};
template <> struct action<rules::startup_cost> {
    template <typename In> static void apply(const In& in, HeaderFields& h) { estimates(h).startup_cost = number_of(in); }
};
template <> struct action<rules::total_cost> {
    template <typename In> static void apply(const In& in, HeaderFields& h) { estimates(h).total_cost = number_of(in); }
};
template <> struct action<rules::plan_rows> {
    template <typename In> static void apply(const In& in, HeaderFields& h) { estimates(h).rows = number_of(in); }
};
template <> struct action<rules::plan_width> {
    template <typename In> static void apply(const In& in, HeaderFields& h) {
        const auto width = to_int(matched(in));
        if (!width) throw pegtl::parse_error("row width out of range", in);
        estimates(h).width = *width;
    }
};
template <> struct action<rules::startup_time> {
    template <typename In> static void apply(const In& in, HeaderFields& h) { actuals(h).startup_time = number_of(in); }
};
template <> struct action<rules::total_time> {
    template <typename In> static void apply(const In& in, HeaderFields& h) { actuals(h).total_time = number_of(in); }
};
template <> struct action<rules::actual_rows> {
    template <typename In> static void apply(const In& in, HeaderFields& h) {
        actuals(h).rows = number_of(in);
        // a loop: find() would call memchr for a few digits
        const std::string_view rows = matched(in);
        if (std::any_of(rows.begin(), rows.end(), [](char c) { return c == '.'; })) h.rows_with_decimals = true;
    }
};
template <> struct action<rules::actual_loops> {
    template <typename In> static void apply(const In& in, HeaderFields& h) { actuals(h).loops = number_of(in); }
};
template <> struct action<rules::never_executed> {
    template <typename In> static void apply(const In&, HeaderFields& h) { h.never_executed = true; }
};
// clang-format on

/// Runs `Rule` over the line after its indentation (the rules' own
/// `indentation` then matches nothing; skipping it here is much faster).
template <typename Rule>
HeaderResult run(std::string_view text, HeaderFields& out, LineError& error) {
    const std::size_t indent = blank_prefix(text);
    LineInput in(text.data() + indent, text.data() + text.size(), "plan line");
    try {
        if (pegtl::parse<Rule, action, grammar::control>(in, out)) return HeaderResult::parsed;
        return HeaderResult::not_a_header;
    } catch (const pegtl::parse_error& e) {
        error.offset = indent + (e.positions().empty() ? 0 : e.positions().front().byte);
        error.message = std::string(e.message());
        return HeaderResult::error;
    }
}

}  // namespace

std::size_t indentation_width(std::string_view text) noexcept {
    const std::size_t spaces = space_run(text);
    if (spaces == text.size() || (text[spaces] != '\t' && static_cast<unsigned char>(text[spaces]) < 0xC2))
        return spaces;  // the common case: spaces only
    std::size_t width = spaces;
    const char* const end = text.data() + blank_prefix(text);
    for (const char* p = text.data() + spaces; p != end;) {
        std::size_t columns = 1;
        if (*p == '\t') width = (width / 8 + 1) * 8, ++p;
        else if (const std::size_t n = *p == ' ' ? 0 : unicode_blank(p, end, columns)) width += columns, p += n;
        else ++width, ++p;
    }
    return width;
}

std::string_view after_indentation(std::string_view text) noexcept { return text.substr(blank_prefix(text)); }

HeaderResult parse_child_header(std::string_view text, HeaderFields& out, LineError& error) {
    if (after_indentation(text).substr(0, 2) != "->") return HeaderResult::not_a_header;
    return run<rules::child_line>(text, out, error);
}

HeaderResult parse_root_header(std::string_view text, HeaderFields& out, LineError& error) {
    return run<rules::root_line>(text, out, error);
}

std::string_view parse_subplan_label(std::string_view text) noexcept {
    const std::string_view body = after_indentation(text);
    const char first = body.empty() ? '\0' : body.front();
    if (first != 'I' && first != 'S' && first != 'C') return {};
    LineInput in(body.data(), body.data() + body.size(), "plan line");
    if (!pegtl::parse<rules::subplan_label>(in)) return {};
    std::string_view label = body;
    while (!label.empty() && label.back() == ' ') label.remove_suffix(1);
    return label;
}

bool parse_worker_prefix(std::string_view text, int& worker, std::string_view& rest) noexcept {
    const std::string_view body = after_indentation(text);
    if (body.substr(0, 7) != "Worker ") return false;
    const char* first = body.data() + 7;
    const char* last = body.data() + body.size();
    auto [ptr, ec] = std::from_chars(first, last, worker);
    if (ec != std::errc{} || ptr == first || ptr == last || *ptr != ':' || worker < 0) return false;
    ++ptr;
    if (ptr == last || *ptr != ' ') return false;
    while (ptr != last && *ptr == ' ') ++ptr;
    rest = {ptr, static_cast<std::size_t>(last - ptr)};
    return true;
}

bool split_label(std::string_view text, std::string_view& label, std::string_view& value) noexcept {
    if (text.empty() || text.front() < 'A' || text.front() > 'Z') return false;
    const std::size_t colon = text.find(": ");
    if (colon == std::string_view::npos) {
        if (text.back() != ':') return false;  // a section header such as "JIT:"
        label = text.substr(0, text.size() - 1);
        value = {};
        return true;
    }
    label = text.substr(0, colon);
    value = text.substr(colon + 2);
    return true;
}

bool is_summary_kind(PropertyKind kind) noexcept {
    switch (kind) {
        case PropertyKind::planning_time:
        case PropertyKind::execution_time:
        case PropertyKind::total_runtime:
        case PropertyKind::planning:
        case PropertyKind::trigger:
        case PropertyKind::jit:
        case PropertyKind::settings:
        case PropertyKind::query_identifier:
        case PropertyKind::serialization: return true;
        default: return false;
    }
}

}  // namespace planlens::detail
