#include <planlens/text.hpp>

#include "../parse/lines.hpp"

#include <vector>

namespace planlens {

namespace {

// PostgreSQL's own indentation (explain.c) for a plan whose printed
// indentation was unreliable: each node's arrow six columns right of its
/// parent's (eight under a subplan label), its lines two columns past the
// arrow's text, a worker's lines two more; the summary at the left edge,
// the lines of a section two columns in. Continuation lines of a string
// literal stay as printed.

/// A node's lines at `column`; a worker's own lines ("Buffers:" under "Worker 0:") two further.
void place_properties(const Plan& plan, const Node& n, int column, std::vector<int>& columns) {
    for (const Property& p : plan.properties_of(n)) {
        if (p.kind == PropertyKind::continuation) continue;
        const std::string_view text = plan.lines[p.line].text;
        const bool under_worker = p.worker >= 0 && !text.substr(detail::blank_prefix(text)).starts_with("Worker ");
        columns[p.line] = column + (under_worker ? 2 : 0);
    }
}

std::vector<int> standard_columns(const Plan& plan) {
    std::vector<int> columns(plan.lines.size(), -1);
    std::vector<int> arrow(plan.nodes.size());
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const Node& n = plan.nodes[id];
        if (n.parent == no_node) {
            arrow[id] = -4;
            columns[n.line] = 0;
            place_properties(plan, n, 2, columns);
            continue;
        }
        const int parent_lines = arrow[n.parent] + 6;
        arrow[id] = parent_lines + (n.subplan_name.empty() ? 0 : 2);
        columns[n.line] = arrow[id];
        if (!n.subplan_name.empty() && n.line > 0) columns[n.line - 1] = parent_lines;
        place_properties(plan, n, arrow[id] + 6, columns);
    }
    for (const Property& p : plan.summary) {
        const bool header = p.kind == PropertyKind::jit || p.kind == PropertyKind::planning ||
                            p.kind == PropertyKind::serialization || p.section == Section::node ||
                            (p.section == Section::other && p.value.empty() && !p.label.empty() &&
                             plan.lines[p.line].text.ends_with(':'));
        columns[p.line] = header ? 0 : 2;
    }
    return columns;
}

}  // namespace

void append_text(std::string& out, const Plan& plan) {
    if (!plan.tree_rebuilt) {
        for (const SourceLine& line : plan.lines) {
            out.append(line.text);
            out += '\n';
        }
        return;
    }
    const std::vector<int> columns = standard_columns(plan);
    for (std::size_t i = 0; i < plan.lines.size(); ++i) {
        const std::string_view text = plan.lines[i].text;
        if (columns[i] < 0) {
            out.append(text);
        } else {
            std::string_view body = text.substr(detail::blank_prefix(text));
            const bool arrow = body.starts_with("->");
            if (arrow) body = body.substr(2), body.remove_prefix(detail::blank_prefix(body));
            out.append(static_cast<std::size_t>(columns[i]), ' ');
            if (arrow) out += "->  ";
            out.append(body);
        }
        out += '\n';
    }
}

}  // namespace planlens
