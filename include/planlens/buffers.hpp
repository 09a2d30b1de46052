// Buffers and I/O per node: what each node itself hit, read, dirtied and
// wrote, and how long it waited on I/O. PostgreSQL's "Buffers:" and
// "I/O Timings:" lines are cumulative (a node's include its children's, and
// the InitPlans and CTEs it ran); exclusive_io() takes them apart the way
// exclusive_time() does for time. docs/timing.md, "Buffers and I/O".
#pragma once

#include <planlens/plan.hpp>
#include <planlens/property.hpp>
#include <planlens/timing.hpp>

#include <optional>
#include <string>
#include <vector>

namespace planlens {

/// One node's own share of the buffer and I/O counters.
struct NodeIo {
    BufferCounters buffers;  ///< exclusive counts, over every process (0 where PostgreSQL printed none)
    /// Exclusive "I/O Timings" in ms, summed over every process (read and
    /// write of shared/local and temp blocks). 0 without track_io_timing.
    double io_read_ms = 0;
    double io_write_ms = 0;
    /// Exclusive "WAL:" counts (records, full page images, bytes), cumulative
    /// like the buffers; 0 without EXPLAIN (WAL).
    WalCounters wal;
    /// What runs under it reports more than the node itself: the counts were
    /// clamped to 0 and IoProfile::notes says which.
    bool inconsistent = false;
};

/// exclusive_io()'s result, indexed by NodeId.
struct IoProfile {
    /// EXPLAIN (BUFFERS) was used: counts are known. PostgreSQL leaves out
    /// the "Buffers:" line of a node whose counters are all 0, so a node
    /// without one counts 0. When false every count is unknown, not 0.
    bool buffers = false;
    bool io_timing = false;   ///< some node prints "I/O Timings:" (track_io_timing was on)
    /// Some node's I/O Timings include temp files (PostgreSQL 15+). Before 15
    /// temp file I/O is not timed: a node's temp blocks then took time that
    /// I/O Timings do not show.
    bool temp_io_timing = false;
    bool wal = false;         ///< EXPLAIN (WAL) was used: WAL counts are known
    WalCounters wal_total;    ///< the root's WAL counts
    std::vector<NodeIo> nodes;
    BufferCounters total;     ///< the root's counts (plus CTE work no reader accounts for)
    double io_read_ms = 0, io_write_ms = 0;  ///< the root's, likewise
    std::vector<std::string> notes;

    const NodeIo& operator[](NodeId id) const { return nodes[id]; }
};

/// Exclusive buffers and I/O time of every node of `plan`.
IoProfile exclusive_io(const Plan& plan);

/// Shared hits over shared hits + reads (0..1); nullopt when no shared block was touched.
std::optional<double> cache_hit_ratio(const BufferCounters& b) noexcept;

/// Blocks touched in all: hits, reads, dirtied and written, shared, local and temp.
std::int64_t blocks_touched(const BufferCounters& b) noexcept;

/// a + b, counter by counter.
BufferCounters operator+(const BufferCounters& a, const BufferCounters& b) noexcept;

/// From this share of its own time in I/O a node is I/O-bound: a warmer
/// cache, faster storage or fewer blocks help; below it, CPU-bound.
inline constexpr double io_bound_share = 0.50;

/// How much of a node's own wall-clock time it spent waiting on I/O (0..1):
/// its I/O Timings, per process, over its exclusive time. nullopt without
/// track_io_timing or without exclusive time. Near 1 the node is I/O-bound
/// (faster storage, more cache, fewer blocks help); near 0 CPU-bound.
std::optional<double> io_wait_share(const IoProfile& io, const TimeProfile& time, NodeId id) noexcept;

/// One line of a buffers roll-up: all nodes sharing `key`.
struct BufferRollup {
    std::string key;
    BufferCounters buffers;
    double io_ms = 0;  ///< read + write, over every process
    std::size_t nodes = 0;
};

/// Sums of exclusive buffers by relation (a Bitmap Index Scan counts for its
/// heap scan's relation, as in time_by_relation) and by index, most blocks touched first.
std::vector<BufferRollup> buffers_by_relation(const Plan& plan, const IoProfile& io);
std::vector<BufferRollup> buffers_by_index(const Plan& plan, const IoProfile& io);

}  // namespace planlens
