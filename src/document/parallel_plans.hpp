// Reading the plans of a document's regions on several threads. The calling
// thread unwraps the document (which has to be read in order) and hands the
// regions, copied with the rewrites of their lines, to worker threads in
// batches; parse_plan is a pure function of its lines, so the workers need
// nothing else. The plans come back, and are handed on, in document order.
#pragma once

#include "block_plans.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace planlens::detail {

class ParallelPlans {
public:
    /// `workers` threads besides the caller's.
    ParallelPlans(unsigned workers, const ParseLimits& limits);
    ParallelPlans(const ParallelPlans&) = delete;
    ParallelPlans& operator=(const ParallelPlans&) = delete;
    ~ParallelPlans();

    /// Queues the plans of `block` (its spans are copied: they are valid only
    /// until the unwrapper moves on). Plans of earlier regions that are read
    /// by now go to `emit`, in order.
    void add(const Block& block, const RewriteIndex& rewrites, const PlanSink& emit);
    /// Waits for the rest and hands every plan on.
    void finish(const RewriteIndex& rewrites, const PlanSink& emit);

private:
    /// A region, owning its lines (`block`'s spans point into them).
    struct Region {
        Block block;
        std::vector<SourceLine> lines;
        std::vector<std::uint32_t> csv_rows;
    };
    static_assert(std::is_nothrow_move_constructible_v<Region>, "a batch's growth must keep the spans valid");
    /// Regions read by one worker in one go, and what came of them.
    struct Batch {
        std::vector<Region> regions;
        std::size_t line_count = 0;
        RewriteIndex rewrites;  ///< of the lines from the first region's to the last's
        std::vector<FoundPlan> plans;
        std::exception_ptr failure;
        bool done = false;
    };

    void submit(const RewriteIndex& rewrites);
    bool front_done();
    void emit_front(const PlanSink& emit);
    void work();

    ParseLimits limits_;
    std::unique_ptr<Batch> filling_;
    std::deque<std::unique_ptr<Batch>> in_flight_;  ///< in document order; the workers' queue points into it

    std::mutex mutex_;
    std::condition_variable queued_, finished_;
    std::deque<Batch*> queue_;
    /// Batches whose plans were handed on: a worker frees them, as it made
    /// them (glibc frees a block to the arena of the thread that took it, under
    /// that arena's lock: the caller freeing them would contend with the workers)
    std::vector<std::unique_ptr<Batch>> spent_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;  ///< last: started once the rest exists
};

}  // namespace planlens::detail
