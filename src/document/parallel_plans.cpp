#include "parallel_plans.hpp"

#include <algorithm>

namespace planlens::detail {

namespace {

/// Lines a batch gathers before it is queued: enough that handing it over
/// costs little beside parsing it, few enough that the workers start soon.
constexpr std::size_t batch_lines = 1 << 10;
/// Batches queued or being read per worker before the caller stops gathering
/// and reads them too: bounds the memory of plans read ahead of the visitor.
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
    if (!filling_) filling_ = empty_batch();
    Batch& batch = *filling_;
    batch.regions.push_back(Region{block, batch.lines.size(), batch.csv_rows.size()});
    batch.lines.insert(batch.lines.end(), block.lines.begin(), block.lines.end());
    batch.csv_rows.insert(batch.csv_rows.end(), block.csv_rows.begin(), block.csv_rows.end());
    if (batch.lines.size() < batch_lines) return;
    submit(rewrites);
    drain_to(batches_per_worker * threads_.size(), emit);
    while (front_done()) emit_front(emit);  // what is read by now goes on without waiting
}

void ParallelPlans::finish(const RewriteIndex& rewrites, const PlanSink& emit) {
    if (filling_) submit(rewrites);
    drain_to(0, emit);
}

void ParallelPlans::drain_to(std::size_t ahead, const PlanSink& emit) {
    // the caller reads what no worker has taken yet, in order, so that the
    // front is soon done and no thread sits idle
    while (in_flight_.size() > ahead) {
        if (!front_done() && read_queued()) continue;
        emit_front(emit);
    }
}

std::unique_ptr<ParallelPlans::Batch> ParallelPlans::empty_batch() {
    std::unique_ptr<Batch> batch;
    {
        const std::lock_guard lock(mutex_);
        if (free_.empty()) return std::make_unique<Batch>();
        batch = std::move(free_.back());
        free_.pop_back();
    }
    // its vectors keep their capacity; what they hold needs no freeing (the plans were freed where they were made)
    batch->regions.clear();
    batch->lines.clear();
    batch->csv_rows.clear();
    batch->read_by_caller = false;
    batch->done = false;
    return batch;
}

bool ParallelPlans::front_done() {
    if (in_flight_.empty()) return false;
    const std::lock_guard lock(mutex_);
    return in_flight_.front()->done;
}

void ParallelPlans::submit(const RewriteIndex& rewrites) {
    Batch& batch = *filling_;
    const std::span<const SourceLine> lines = batch.lines;
    const std::span<const std::uint32_t> csv_rows = batch.csv_rows;
    for (Region& r : batch.regions) {
        r.block.lines = lines.subspan(r.first_line, r.block.lines.size());
        r.block.csv_rows = csv_rows.subspan(r.first_csv_row, r.block.csv_rows.size());
    }
    // every rewrite of these lines is made: the unwrapper rewrites a region's lines before it yields the region
    if (!lines.empty()) batch.rewrites = rewrites.slice(lines.front().line, lines.back().line);
    in_flight_.push_back(std::move(filling_));
    {
        const std::lock_guard lock(mutex_);
        queue_.push_back(in_flight_.back().get());
    }
    queued_.notify_one();
}

bool ParallelPlans::read_queued() {
    Batch* batch = nullptr;
    {
        const std::lock_guard lock(mutex_);
        if (queue_.empty()) return false;
        batch = queue_.front();
        queue_.pop_front();
    }
    batch->read_by_caller = true;
    read(*batch);
    return true;
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
    if (taken->read_by_caller) taken->plans.clear();  // this thread's own memory
    const std::lock_guard lock(mutex_);
    (taken->read_by_caller ? free_ : spent_).push_back(std::move(taken));
}

void ParallelPlans::read(Batch& batch) {
    try {
        for (const Region& region : batch.regions)
            find_plans(region.block, batch.rewrites, limits_,
                       [&batch](FoundPlan&& found) { batch.plans.push_back(std::move(found)); });
    } catch (...) {
        batch.failure = std::current_exception();
    }
    {
        const std::lock_guard lock(mutex_);
        batch.done = true;
    }
    finished_.notify_all();
}

void ParallelPlans::work() {
    std::vector<std::unique_ptr<Batch>> spent;
    for (;;) {
        Batch* batch = nullptr;
        {
            std::unique_lock lock(mutex_);
            // what was emptied goes back to be filled again
            for (std::unique_ptr<Batch>& b : spent) free_.push_back(std::move(b));
            spent.clear();
            queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to read
            batch = queue_.front();
            queue_.pop_front();
            spent.swap(spent_);
        }
        for (std::unique_ptr<Batch>& b : spent) b->plans.clear();
        read(*batch);
    }
}

}  // namespace planlens::detail
