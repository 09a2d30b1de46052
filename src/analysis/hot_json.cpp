#include "hot_json.hpp"

#include <cmath>

namespace planlens::analysis {

namespace {

void append_record(detail::JsonWriter& w, const Plan& plan, const TimeProfile& profile, const HotNode& hot) {
    w.begin_object();
    detail::node_identity(w, plan, hot.node);
    // JSON has no inf or NaN: such figures (only from absurd input) are null.
    w.key("exclusive_ms");
    if (profile.basis == TimeBasis::actual_time && std::isfinite(hot.self))
        w.number(hot.self, 3);
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
    w.end_object();
}

}  // namespace

void append_hot_members(detail::JsonWriter& w, const Plan& plan, const HotOptions& options) {
    const TimeProfile profile = exclusive_time(plan);
    const std::vector<Finding> findings = find_problems(plan, profile);
    w.member("basis", profile.basis == TimeBasis::actual_time ? "actual_time" : "cost");
    w.member_number("total", profile.total, profile.basis == TimeBasis::actual_time ? 3 : 2);
    w.key("nodes");
    w.begin_array();
    for (const HotNode& hot : hot_nodes(plan, profile, findings, options)) append_record(w, plan, profile, hot);
    w.end_array();
}

}  // namespace planlens::analysis
