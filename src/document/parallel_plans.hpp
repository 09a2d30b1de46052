// Reading the plans of a document's regions on several threads. The calling
// thread unwraps the document (which has to be read in order) and hands the
// regions, copied with the rewrites of their lines, to worker threads in
// batches; parse_plan is a pure function of its lines, so the workers need
// nothing else. When enough is queued the caller reads batches too. The plans
// come back, and are handed on, in document order.
#pragma once

#include "block_plans.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
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
    /// A region's block; its spans are set from the offsets once the batch's
    /// copies of the lines stop growing.
    struct Region {
        Block block;
        std::size_t first_line = 0, first_csv_row = 0;
    };
    /// Regions read in one go, and what came of them. Batches are used again
    /// once their plans are handed on, so in the steady state a batch costs no
    /// allocation but its plans'.
    struct Batch {
        std::vector<Region> regions;
        std::vector<SourceLine> lines;  ///< every region's, one after another
        std::vector<std::uint32_t> csv_rows;
        RewriteIndex rewrites;  ///< of the lines from the first region's to the last's
        std::vector<FoundPlan> plans;
        std::exception_ptr failure;
        bool read_by_caller = false;
        bool done = false;
    };

    /// A batch to fill: one whose plans were handed on and freed, else a new one.
    std::unique_ptr<Batch> empty_batch();
    void submit(const RewriteIndex& rewrites);
    /// Hands plans on until at most `ahead` batches are queued or being read.
    void drain_to(std::size_t ahead, const PlanSink& emit);
    bool front_done();
    /// Reads the next queued batch on the caller's thread; false when none is queued.
    bool read_queued();
    void emit_front(const PlanSink& emit);
    void read(Batch& batch);
    void work();

    ParseLimits limits_;
    std::unique_ptr<Batch> filling_;
    std::deque<std::unique_ptr<Batch>> in_flight_;  ///< in document order; the queue points into it

    std::mutex mutex_;
    std::condition_variable queued_, finished_;
    std::deque<Batch*> queue_;
    /// Batches whose plans were handed on and were read by a worker: a worker
    /// frees the plans, as it made them (glibc frees a block to the arena of
    /// the thread that took it, under that arena's lock: the caller freeing
    /// them would contend with the workers).
    std::vector<std::unique_ptr<Batch>> spent_;
    std::vector<std::unique_ptr<Batch>> free_;  ///< emptied, to be filled again
    bool stopping_ = false;
    std::vector<std::thread> threads_;  ///< last: started once the rest exists
};

}  // namespace planlens::detail
