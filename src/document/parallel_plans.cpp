#include "parallel_plans.hpp"

#include <algorithm>

namespace planlens::detail {

namespace {

/// Lines a batch gathers before a worker takes it: enough that handing it
/// over costs little beside parsing it, few enough that the workers start soon.
constexpr std::size_t batch_lines = 1 << 11;
/// Batches queued or being read per worker before the caller waits: bounds
/// the memory of plans read ahead of the visitor.
constexpr std::size_t batches_per_worker = 3;
/// A region of this many lines (6 MB or so of plan text) is read on the
/// caller's thread: a copy would cost more memory than sharing it saves time.
constexpr std::size_t in_place_lines = 1 << 16;

}  // namespace

ParallelPlans::ParallelPlans(unsigned workers, const ParseLimits& limits) : limits_(limits) {
    threads_.reserve(workers);
    for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

ParallelPlans::~ParallelPlans() {
    {
        // after a failure what is queued is not wanted; what a worker is reading, it finishes
        const std::lock_guard lock(mutex_);
        queue_.clear();
        stopping_ = true;
    }
    queued_.notify_all();
    for (std::thread& t : threads_) t.join();
}

void ParallelPlans::add(const Block& block, const RewriteIndex& rewrites, const PlanSink& emit) {
    if (block.lines.size() >= in_place_lines) {
        // one huge region (most often a single plan of a million lines): read
        // here, after what is ahead of it
        if (filling_) submit(rewrites);
        while (!in_flight_.empty()) emit_front(emit);
        return find_plans(block, rewrites, limits_, emit);
    }
    if (!filling_) filling_ = std::make_unique<Batch>();
    Region& region = filling_->regions.emplace_back();
    region.lines.assign(block.lines.begin(), block.lines.end());
    region.csv_rows.assign(block.csv_rows.begin(), block.csv_rows.end());
    region.block = block;
    region.block.lines = region.lines;
    region.block.csv_rows = region.csv_rows;
    filling_->line_count += region.lines.size();
    if (filling_->line_count < batch_lines) return;
    submit(rewrites);
    while (in_flight_.size() > batches_per_worker * threads_.size()) emit_front(emit);
    while (front_done()) emit_front(emit);  // what is read by now goes on without waiting
}

void ParallelPlans::finish(const RewriteIndex& rewrites, const PlanSink& emit) {
    if (filling_) submit(rewrites);
    while (!in_flight_.empty()) emit_front(emit);
}

bool ParallelPlans::front_done() {
    if (in_flight_.empty()) return false;
    const std::lock_guard lock(mutex_);
    return in_flight_.front()->done;
}

void ParallelPlans::submit(const RewriteIndex& rewrites) {
    Batch& batch = *filling_;
    std::uint32_t first = ~0u, last = 0;  // the document lines the batch's regions span
    for (const Region& r : batch.regions) {
        if (r.lines.empty()) continue;
        first = std::min(first, r.lines.front().line);
        last = std::max(last, r.lines.back().line);
    }
    // every rewrite of these lines is made: the unwrapper rewrites a region's lines before it yields the region
    if (first <= last) batch.rewrites = rewrites.slice(first, last);
    in_flight_.push_back(std::move(filling_));
    {
        const std::lock_guard lock(mutex_);
        queue_.push_back(in_flight_.back().get());
    }
    queued_.notify_one();
}

void ParallelPlans::emit_front(const PlanSink& emit) {
    Batch& batch = *in_flight_.front();
    {
        std::unique_lock lock(mutex_);
        finished_.wait(lock, [&] { return batch.done; });
    }
    std::unique_ptr<Batch> taken = std::move(in_flight_.front());
    in_flight_.pop_front();
    if (taken->failure) std::rethrow_exception(taken->failure);
    for (FoundPlan& found : taken->plans) emit(std::move(found));
    const std::lock_guard lock(mutex_);
    spent_.push_back(std::move(taken));
}

void ParallelPlans::work() {
    for (;;) {
        Batch* batch = nullptr;
        std::vector<std::unique_ptr<Batch>> spent;
        {
            std::unique_lock lock(mutex_);
            queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to read
            batch = queue_.front();
            queue_.pop_front();
            spent.swap(spent_);
        }
        spent.clear();
        try {
            for (const Region& region : batch->regions)
                find_plans(region.block, batch->rewrites, limits_,
                           [batch](FoundPlan&& found) { batch->plans.push_back(std::move(found)); });
        } catch (...) {
            batch->failure = std::current_exception();
        }
        {
            const std::lock_guard lock(mutex_);
            batch->done = true;
        }
        finished_.notify_all();
    }
}

}  // namespace planlens::detail
