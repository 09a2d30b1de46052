#include "hot_json.hpp"

#include "../render/json_writer.hpp"

#include <planlens/buffers.hpp>

#include <cmath>

namespace planlens::analysis {

namespace {

/// PostgreSQL's "Relation Name": what scans and ModifyTable read or write
/// (not a function, CTE or tuplestore name).
bool names_relation(NodeKind kind) noexcept {
    switch (kind) {
        case NodeKind::function_scan:
        case NodeKind::table_function_scan:
        case NodeKind::cte_scan:
        case NodeKind::worktable_scan:
        case NodeKind::named_tuplestore_scan: return false;
        default: return true;
    }
}


/// The node's own buffer counts; null when the plan was not run with BUFFERS.
void buffers(detail::JsonWriter& w, const IoProfile& io, NodeId id) {
    w.key("buffers");
    if (!io.buffers) return w.null();
    const BufferCounters& b = io[id].buffers;
    w.begin_object();
    w.member_integer("shared_hit", b.shared_hit);
    w.member_integer("shared_read", b.shared_read);
    w.member_integer("shared_dirtied", b.shared_dirtied);
    w.member_integer("shared_written", b.shared_written);
    w.member_integer("local_hit", b.local_hit);
    w.member_integer("local_read", b.local_read);
    w.member_integer("temp_read", b.temp_read);
    w.member_integer("temp_written", b.temp_written);
    w.end_object();
}

void append_record(std::string& out, const Plan& plan, const TimeProfile& profile, const IoProfile& io,
                   const HotNode& hot) {
    const Node& n = plan.nodes[hot.node];
    detail::JsonWriter w(out, detail::JsonWriter::Style::compact);
    w.begin_object();
    w.member("node_type", n.kind == NodeKind::unknown ? n.name : to_string(n.kind));
    w.key("relation");
    identifier_or_null(w, names_relation(n.kind) ? n.target.object : std::string_view{});
    w.key("index");
    identifier_or_null(w, n.target.index);
    // JSON has no inf or NaN: such figures (only from absurd input) are null.
    w.key("exclusive_ms");
    if (profile.basis == TimeBasis::actual_time && std::isfinite(hot.self))
        w.number(hot.self, 3);
    else
        w.null();
    w.key("exclusive_ms_error");
    const double error = profile.nodes[hot.node].self_error;
    if (profile.basis == TimeBasis::actual_time && std::isfinite(error))
        w.number(error, 4);  // half-units of 0.001 ms need the fourth decimal
    else
        w.null();
    w.key("share");
    if (std::isfinite(hot.share))
        w.number(hot.share, 4);
    else
        w.null();
    w.key("reasons");
    w.begin_array();
    for (std::string_view reason : hot.reasons) w.string(reason);
    w.end_array();
    buffers(w, io, hot.node);
    w.end_object();
}

}  // namespace

std::string hot_nodes_json(std::span<const Plan* const> plans, const HotOptions& options) {
    // One record per line: easy to read, easy to grep, still one JSON document.
    std::string out = "[";
    for (std::size_t p = 0; p < plans.size(); ++p) {
        const Plan& plan = *plans[p];
        const TimeProfile profile = exclusive_time(plan);
        const std::vector<Finding> findings = find_problems(plan, profile);
        const std::vector<HotNode> hot = hot_nodes(plan, profile, findings, options);
        const IoProfile io = exclusive_io(plan);
        out += p == 0 ? "\n  [" : ",\n  [";
        for (std::size_t i = 0; i < hot.size(); ++i) {
            out += i == 0 ? "\n    " : ",\n    ";
            append_record(out, plan, profile, io, hot[i]);
        }
        out += hot.empty() ? "]" : "\n  ]";
    }
    out += plans.empty() ? "]\n" : "\n]\n";
    return out;
}

}  // namespace planlens::analysis
