// Folded stacks: exclusive time per node, apportioned to whole counts.
#include <planlens/folded.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace planlens {

std::vector<std::uint64_t> folded_counts(const TimeProfile& profile) {
    const std::size_t n = profile.nodes.size();
    std::vector<std::uint64_t> counts(n, 0);
    if (n == 0) return counts;
    const double scale = folded_scale(profile.basis);
    const auto target = static_cast<std::uint64_t>(std::llround(std::max(0.0, profile.total) * scale));
    double sum = 0;
    for (const NodeTime& t : profile.nodes) sum += std::max(0.0, t.self);
    if (sum <= 0) {
        counts[0] = target;  // nothing measured below the root: its total is all there is
        return counts;
    }
    // Largest remainder: floor of each node's quota, then one more unit to the
    // largest fractions until the counts reach the target exactly.
    std::vector<double> remainder(n);
    std::uint64_t given = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double quota = std::max(0.0, profile.nodes[i].self) / sum * static_cast<double>(target);
        counts[i] = static_cast<std::uint64_t>(std::floor(quota));
        remainder[i] = quota - std::floor(quota);
        given += counts[i];
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    // Floating-point quotas can sum a unit either side of the target.
    for (std::size_t k = 0; given < target; k = (k + 1) % n, ++given) ++counts[order[k]];
    for (std::size_t k = n; given > target; ++k) {
        std::size_t i = order[n - 1 - k % n];
        if (counts[i] > 0) --counts[i], --given;
    }
    return counts;
}

std::string folded_frame(const Plan& plan, NodeId node) {
    const Node& n = plan.nodes[node];
    std::string frame;
    if (!n.subplan_name.empty()) frame.append(n.subplan_name).append(": ");
    frame.append(plan.header_text(n));
    for (char& c : frame) {
        if (c == ';') c = ',';
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    return frame;
}

void append_folded(std::string& out, const Plan& plan, const TimeProfile& profile, std::string_view prefix) {
    const std::vector<std::uint64_t> counts = folded_counts(profile);
    // Nodes come in pre-order, so the current stack is a path that grows and
    // shrinks: `ends[d]` is where the frame at depth d ends in `path`.
    std::string path(prefix);
    std::vector<std::size_t> ends;
    std::unordered_map<std::string, std::size_t> seen;  // parent id + frame -> how many siblings had it
    for (NodeId id = 0; id < plan.nodes.size(); ++id) {
        const Node& n = plan.nodes[id];
        std::string frame = folded_frame(plan, id);
        if (n.parent != no_node) {
            const std::size_t same = ++seen[fmt::format("{}\n{}", n.parent, frame)];
            if (same > 1) frame += fmt::format(" [{}]", same);
        }
        ends.resize(n.depth);
        path.resize(ends.empty() ? prefix.size() : ends.back());
        if (!path.empty()) path += ';';
        path += frame;
        ends.push_back(path.size());
        out += fmt::format("{} {}\n", path, counts[id]);
    }
}

}  // namespace planlens
