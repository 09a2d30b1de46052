// Advice as text (for people) and JSON (for tools).
#include <planlens/advice.hpp>

#include "advice_json.hpp"
#include "rules.hpp"

#include <fmt/format.h>

namespace planlens {

namespace {

/// "Parallel Seq Scan on transactions transactions_1 (line 14)"
std::string where(const Plan& plan, NodeId id) {
    const Node& n = plan.nodes[id];
    return fmt::format("{} (line {})", advice::node_label(n), n.source_line);
}

/// Writes `prefix` then `text`, wrapped at spaces so that no line is longer
/// than `width`; continuation lines are indented to where the text started.
/// A word longer than a whole line (a long name) stays whole: never cut.
void append_wrapped(std::string& out, std::string_view prefix, std::string_view text, std::size_t width) {
    const std::size_t room = width > prefix.size() + 20 ? width - prefix.size() : 20;
    const std::string hang(prefix.size(), ' ');
    std::string_view lead = prefix;
    while (!text.empty()) {
        std::size_t take = text.size();
        if (take > room) {
            const std::size_t space = text.rfind(' ', room);
            take = space == std::string_view::npos || space == 0 ? std::min(text.find(' '), text.size()) : space;
        }
        out.append(lead).append(text.substr(0, take)).push_back('\n');
        text.remove_prefix(take);
        while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
        lead = hang;
    }
}

}  // namespace

void append_advice_text(std::string& out, const Plan& plan, const std::vector<Advice>& advice, int indent) {
    advice::append_text(out, plan, advice, indent, 100);
}

void advice::append_text(std::string& out, const Plan& plan, const std::vector<Advice>& advice, int indent,
                         std::size_t text_width) {
    const std::string pad(static_cast<std::size_t>(std::max(0, indent)), ' ');
    for (const Advice& a : advice) {
        append_wrapped(out, pad,
                       fmt::format("[{}] {} confidence, {}", a.rule, to_string(a.confidence),
                                   a.node == no_node ? std::string("plan") : where(plan, a.node)),
                       text_width);
        append_wrapped(out, pad + "  evidence: ", a.evidence, text_width);
        append_wrapped(out, pad + "  action:   ", a.action, text_width);
        if (a.statement.empty()) continue;
        std::string_view rest = a.statement;
        while (!rest.empty()) {
            const std::size_t nl = rest.find('\n');
            append_wrapped(out, pad + "    ", rest.substr(0, nl), text_width);  // SQL wraps at spaces and still runs
            rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        }
    }
}

void append_advice_json(std::string& out, const Plan& plan, const std::vector<Advice>& advice, int indent) {
    detail::JsonWriter w(out, detail::JsonWriter::Style::pretty, indent);
    w.one_line_from(2);  // one record per line
    advice::append_records(w, plan, advice);
}

void advice::append_records(detail::JsonWriter& w, const Plan& plan, const std::vector<Advice>& advice) {
    auto string_or_null = [&w](std::string_view key, std::string_view text) {
        w.key(key);
        text.empty() ? w.null() : w.string(text);
    };
    w.begin_array();
    for (const Advice& a : advice) {
        w.begin_object();
        w.member("rule", a.rule);
        w.key("node");
        detail::node_reference(w, plan, a.node);
        w.key("also");
        w.begin_array();
        for (NodeId id : a.also) detail::node_reference(w, plan, id);
        w.end_array();
        w.member("confidence", to_string(a.confidence));
        string_or_null("relation", a.relation);
        w.member("evidence", a.evidence);
        w.member("action", a.action);
        string_or_null("statement", a.statement);
        w.key("columns");
        w.begin_array();
        for (const std::string& column : a.columns) w.string(column);
        w.end_array();
        w.end_object();
    }
    w.end_array();
}

}  // namespace planlens
