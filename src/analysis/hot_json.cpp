#include "hot_json.hpp"

#include "../render/buffer_json.hpp"

#include <planlens/buffers.hpp>

#include <cmath>

namespace planlens::analysis {

void append_exclusive_buffers(detail::JsonWriter& w, const IoProfile& io, NodeId id) {
    w.key("buffers");
    if (!io.buffers) return w.null();
    w.begin_object();
    detail::buffer_members(w, io[id].buffers, detail::BufferKeys::planlens);
    w.end_object();
}

namespace {

void append_record(detail::JsonWriter& w, const Plan& plan, const TimeProfile& profile, const IoProfile& io,
                   const HotNode& hot) {
    w.begin_object();
    detail::node_identity(w, plan, hot.node);
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
    append_exclusive_buffers(w, io, hot.node);
    w.end_object();
}

}  // namespace

void append_hot_members(detail::JsonWriter& w, const Plan& plan, const HotOptions& options) {
    const TimeProfile profile = exclusive_time(plan);
    const std::vector<Finding> findings = find_problems(plan, profile);
    const IoProfile io = exclusive_io(plan);
    w.member("basis", profile.basis == TimeBasis::actual_time ? "actual_time" : "cost");
    w.member_number("total", profile.total, profile.basis == TimeBasis::actual_time ? 3 : 2);
    w.key("nodes");
    w.begin_array();
    for (const HotNode& hot : hot_nodes(plan, profile, findings, options)) append_record(w, plan, profile, io, hot);
    w.end_array();
}

}  // namespace planlens::analysis
