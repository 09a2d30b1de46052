// Exclusive buffers and I/O time. The counters PostgreSQL prints for a node
// are what its instrumentation saw while the node ran, its children
// included; under a Gather they are summed over every process (the workers'
// are added in when they finish). So a node's own counts are its printed
// ones minus those of the nodes that ran inside it: its children, the
// InitPlans it needed, the CTEs its CTE Scans pulled (see subplans.hpp).
#include <planlens/buffers.hpp>

#include "subplans.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <unordered_map>

namespace planlens {

namespace {

using namespace analysis;

/// The counters as one array, so the arithmetic below is written once:
/// the buffer counts, then the WAL counts (cumulative like them), then I/O
/// read and write time in ms, which subtract like the counts but are
/// printed to 0.001 ms, so small negatives are rounding.
constexpr std::size_t counter_count = 10;
constexpr std::size_t wal_count = 4;
constexpr std::size_t exact_count = counter_count + wal_count;
constexpr std::size_t read_ms = exact_count, write_ms = exact_count + 1;
constexpr std::size_t slot_count = exact_count + 2;
using Slots = std::array<double, slot_count>;

constexpr std::int64_t BufferCounters::*counters[counter_count] = {
    &BufferCounters::shared_hit,  &BufferCounters::shared_read,  &BufferCounters::shared_dirtied,
    &BufferCounters::shared_written, &BufferCounters::local_hit, &BufferCounters::local_read,
    &BufferCounters::local_dirtied, &BufferCounters::local_written, &BufferCounters::temp_read,
    &BufferCounters::temp_written};
constexpr std::int64_t WalCounters::*wal_counters[wal_count] = {&WalCounters::records, &WalCounters::fpi,
                                                                &WalCounters::bytes, &WalCounters::buffers_full};

Slots printed(const Plan& plan, const Node& n) {
    Slots s{};
    if (const Property* p = plan.find(n, PropertyKind::buffers))
        if (const auto b = decode_buffers(p->value))
            for (std::size_t i = 0; i < counter_count; ++i) s[i] = static_cast<double>((*b).*counters[i]);
    if (const Property* p = plan.find(n, PropertyKind::wal))
        if (const auto w = decode_wal(p->value))
            for (std::size_t i = 0; i < wal_count; ++i) s[counter_count + i] = static_cast<double>((*w).*wal_counters[i]);
    if (const Property* p = plan.find(n, PropertyKind::io_timings))
        if (const auto t = decode_io_timings(p->value)) {
            s[read_ms] = t->shared_read + t->local_read + t->temp_read;
            s[write_ms] = t->shared_write + t->local_write + t->temp_write;
        }
    return s;
}

WalCounters wal_of(const Slots& s) {
    WalCounters w;
    for (std::size_t i = 0; i < wal_count; ++i) w.*wal_counters[i] = static_cast<std::int64_t>(s[counter_count + i]);
    return w;
}

BufferCounters counters_of(const Slots& s) {
    BufferCounters b;
    for (std::size_t i = 0; i < counter_count; ++i) b.*counters[i] = static_cast<std::int64_t>(s[i]);
    return b;
}

Slots operator-(Slots a, const Slots& b) {
    for (std::size_t i = 0; i < slot_count; ++i) a[i] -= b[i];
    return a;
}

/// Below 0 beyond what rounding explains: counts are exact, times are off by
/// up to half a unit of 0.001 ms per figure that went into them.
bool any_negative(const Slots& s, double time_tolerance) {
    for (std::size_t i = 0; i < slot_count; ++i)
        if (s[i] < -(i < exact_count ? 1e-9 : time_tolerance + 1e-9)) return true;
    return false;
}

/// "line 12 (Hash Join)" for notes.
std::string where(const Plan& plan, const Node& n) {
    return fmt::format("line {} ({})", plan.lines[n.line].line, n.name.empty() ? to_string(n.kind) : n.name);
}

class IoAttribution {
public:
    explicit IoAttribution(const Plan& plan)
        : plan_(plan),
          placement_(plan),
          inclusive_(plan.nodes.size()),
          self_(plan.nodes.size()),
          figures_(plan.nodes.size(), 1) {}

    IoProfile run() && {
        IoProfile io;
        io.buffers = plan_.options.buffers;
        io.wal = plan_.options.wal;
        io.nodes.resize(plan_.nodes.size());
        if (plan_.nodes.empty()) return io;
        for (NodeId id = 0; id < plan_.nodes.size(); ++id) {
            inclusive_[id] = self_[id] = printed(plan_, plan_.nodes[id]);
            if (const Property* p = plan_.find(plan_.nodes[id], PropertyKind::io_timings)) {
                io.io_timing = true;
                if (const auto t = decode_io_timings(p->value); t && (t->temp_read > 0 || t->temp_write > 0))
                    io.temp_io_timing = true;
            }
        }
        // Children first, then InitPlans, whose consumers must have had their
        // children taken off before the guard below looks at them, then CTEs,
        // whose readers pay from what is left (a reader may sit in an InitPlan).
        for (NodeId id = 1; id < plan_.nodes.size(); ++id)
            if (plan_.nodes[id].relationship != Relationship::init_plan) take(plan_.nodes[id].parent, id);
        for (NodeId id = 1; id < plan_.nodes.size(); ++id)
            if (plan_.nodes[id].relationship == Relationship::init_plan && !is_cte_plan(plan_.nodes[id]))
                charge_init_plan(id);
        for (NodeId id = 1; id < plan_.nodes.size(); ++id)
            if (is_cte_plan(plan_.nodes[id])) charge_cte(id);
        Slots total = inclusive_[0];
        for (std::size_t i = 0; i < slot_count; ++i) total[i] += unaccounted_[i];
        io.total = counters_of(total);
        io.wal_total = wal_of(total);
        io.io_read_ms = total[read_ms];
        io.io_write_ms = total[write_ms];
        for (NodeId id = 0; id < plan_.nodes.size(); ++id) {
            Slots& s = self_[id];
            NodeIo& node = io.nodes[id];
            if (any_negative(s, tolerance(id))) {
                node.inconsistent = true;
                notes_.push_back(fmt::format("{}: what runs under it reports more buffers or I/O time than the node "
                                             "itself; its own figures are shown as 0 where negative",
                                             where(plan_, plan_.nodes[id])));
            }
            for (double& v : s) v = std::max(v, 0.0);
            node.buffers = counters_of(s);
            node.wal = wal_of(s);
            node.io_read_ms = s[read_ms];
            node.io_write_ms = s[write_ms];
        }
        io.notes = std::move(notes_);
        return io;
    }

private:
    double tolerance(NodeId id) const { return 0.0005 * figures_[id]; }

    void take(NodeId from, NodeId id) {
        if (from == no_node) return;
        self_[from] = self_[from] - inclusive_[id];
        ++figures_[from];
    }

    /// An InitPlan's figures are in the node that needed its value.
    void charge_init_plan(NodeId id) {
        const Node& n = plan_.nodes[id];
        NodeId into = placement_.init_plan_consumer(id);
        // A mention in text is a hint; it must not make the consumer negative.
        if (into != n.parent && any_negative(self_[into] - inclusive_[id], tolerance(into))) into = n.parent;
        take(into, id);
    }

    /// Each row of a CTE is computed once, by the first reader to ask for it:
    /// counter by counter, the reader that counted most pays first, up to
    /// its own count, then the next. What no reader counted (a
    /// data-modifying CTE finishing at the end of the statement) is outside
    /// the root's figures and is added to the total.
    void charge_cte(NodeId cte) {
        std::vector<NodeId> readers = placement_.cte_readers(cte);
        for (std::size_t i = 0; i < slot_count; ++i) {
            std::stable_sort(readers.begin(), readers.end(),
                             [&](NodeId a, NodeId b) { return self_[a][i] > self_[b][i]; });
            double left = inclusive_[cte][i];
            for (const NodeId r : readers) {
                const double part = std::min(left, std::max(self_[r][i], 0.0));
                self_[r][i] -= part;
                left -= part;
                if (i == 0) ++figures_[r];
            }
            unaccounted_[i] += left;
        }
    }

    const Plan& plan_;
    SubplanPlacement placement_;
    std::vector<Slots> inclusive_, self_;
    std::vector<double> figures_;  ///< printed figures that went into each node's own (for time rounding)
    Slots unaccounted_{};
    std::vector<std::string> notes_;
};

}  // namespace

IoProfile exclusive_io(const Plan& plan) { return IoAttribution(plan).run(); }

std::optional<double> cache_hit_ratio(const BufferCounters& b) noexcept {
    const double touched = static_cast<double>(b.shared_hit) + static_cast<double>(b.shared_read);
    if (touched <= 0) return std::nullopt;
    return static_cast<double>(b.shared_hit) / touched;
}

std::int64_t blocks_touched(const BufferCounters& b) noexcept {
    std::int64_t sum = 0;
    for (const auto counter : counters) sum += b.*counter;
    return sum;
}

BufferCounters operator+(const BufferCounters& a, const BufferCounters& b) noexcept {
    BufferCounters sum;
    for (const auto counter : counters) sum.*counter = a.*counter + b.*counter;
    return sum;
}

std::optional<double> io_wait_share(const IoProfile& io, const TimeProfile& time, NodeId id) noexcept {
    if (!io.io_timing || time.basis != TimeBasis::actual_time || id >= io.nodes.size() || id >= time.nodes.size())
        return std::nullopt;
    const NodeTime& t = time.nodes[id];
    if (t.self <= t.self_error) return std::nullopt;
    const double wait = (io.nodes[id].io_read_ms + io.nodes[id].io_write_ms) / std::max(t.processes, 1.0);
    return std::min(1.0, wait / t.self);
}

namespace {

template <typename KeyOf>
std::vector<BufferRollup> roll_up(const Plan& plan, const IoProfile& io, KeyOf&& key_of) {
    std::vector<BufferRollup> lines;
    if (!io.buffers && !io.io_timing) return lines;
    std::unordered_map<std::string, std::size_t> line_of;
    std::string key;
    for (NodeId id = 0; id < plan.nodes.size() && id < io.nodes.size(); ++id) {
        key.clear();
        key_of(plan.nodes[id], key);
        if (key.empty()) continue;
        const auto [at, added] = line_of.try_emplace(key, lines.size());
        if (added) lines.push_back(BufferRollup{key, {}, 0, 0});
        BufferRollup& line = lines[at->second];
        line.buffers = line.buffers + io.nodes[id].buffers;
        line.io_ms += io.nodes[id].io_read_ms + io.nodes[id].io_write_ms;
        ++line.nodes;
    }
    std::stable_sort(lines.begin(), lines.end(), [](const BufferRollup& a, const BufferRollup& b) {
        const std::int64_t x = blocks_touched(a.buffers), y = blocks_touched(b.buffers);
        return x != y ? x > y : a.key < b.key;
    });
    return lines;
}

}  // namespace

std::vector<BufferRollup> buffers_by_relation(const Plan& plan, const IoProfile& io) {
    return roll_up(plan, io, [&](const Node& n, std::string& key) { append_relation_key(plan, n, key); });
}

std::vector<BufferRollup> buffers_by_index(const Plan& plan, const IoProfile& io) {
    return roll_up(plan, io, [](const Node& n, std::string& key) { append_identifier(key, n.target.index); });
}

}  // namespace planlens
