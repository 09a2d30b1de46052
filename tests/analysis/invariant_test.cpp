// The invariant of docs/timing.md over every fixture: exclusive figures add
// up to the profile's total (the root's inclusive figure) within rounding,
// and none is negative beyond rounding.
#include "plans.hpp"

#include <planlens/buffers.hpp>
#include <planlens/document.hpp>
#include <planlens/timing.hpp>

#include <algorithm>
#include <cmath>

using namespace planlens;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> fixture_files() {
    std::vector<fs::path> files;
    for (const char* dir : {"plans", "pg15", "analysis"}) {
        const fs::path at = planlens::test::fixtures_dir / dir;
        if (!fs::is_directory(at)) continue;
        for (const auto& entry : fs::directory_iterator(at))
            if (entry.path().extension() == ".txt") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool has_parallel_nodes(const Plan& plan) {
    return std::any_of(plan.nodes.begin(), plan.nodes.end(), [](const Node& n) {
        return n.kind == NodeKind::gather || n.kind == NodeKind::gather_merge;
    });
}

/// What rounding can explain: half a unit of the last printed digit per
/// loop of every node, once for the node and once as someone's child.
double rounding_bound(const Plan& plan, const TimeProfile& profile) {
    if (profile.basis == TimeBasis::cost) return 0.01 * static_cast<double>(plan.nodes.size()) + 1e-6;
    double bound = 1e-6;
    for (const Node& n : plan.nodes) bound += 2 * 0.0005 * std::max(1.0, n.actuals ? n.actuals->loops : 0.0);
    return bound;
}

}  // namespace

TEST_CASE("invariant: exclusive figures add up to the total, none negative, over every fixture") {
    const auto files = fixture_files();
    REQUIRE(files.size() >= 23);
    std::size_t plans = 0;
    for (const fs::path& file : files) {
        auto doc = Document::from_file(file.string());
        REQUIRE(doc);
        for (const FoundPlan& found : doc->plans()) {
            if (!found.plan) continue;  // parse failures are the parser's tests' business
            ++plans;
            const Plan& plan = *found.plan;
            const TimeProfile profile = exclusive_time(plan);
            INFO(file.filename().string() << " plan at line " << found.first_line);
            REQUIRE(profile.nodes.size() == plan.nodes.size());
            double sum = 0;
            for (NodeId id = 0; id < plan.nodes.size(); ++id) {
                INFO("node line " << plan.lines[plan.nodes[id].line].line);
                CHECK(profile[id].self >= 0);
                CHECK(profile[id].share >= 0);
                CHECK(profile[id].share <= 1.0 + 1e-9);
                CHECK_FALSE(profile[id].inconsistent);
                sum += profile[id].self;
            }
            double bounds = 0;
            for (const NodeTime& t : profile.nodes) {
                CHECK(t.self_error >= 0);
                bounds += t.self_error;
            }
            const double bound = rounding_bound(plan, profile);
            // The issue asks this of plans without parallel nodes; the Gather
            // rule of timing.md makes it hold for the others too.
            INFO("parallel: " << has_parallel_nodes(plan) << ", sum " << sum << ", total " << profile.total);
            CHECK(std::abs(sum - profile.total) <= bound);
            // Each node's bound covers what rounding can move it by, so together they cover the sum's gap.
            CHECK(std::abs(sum - profile.total) <= bounds + 1e-6);
        }
    }
    CHECK(plans >= 23);
}

TEST_CASE("invariant: exclusive buffers and WAL add up to the root's, none negative, over every fixture") {
    std::size_t with_buffers = 0, with_wal = 0;
    for (const fs::path& file : fixture_files()) {
        auto doc = Document::from_file(file.string());
        REQUIRE(doc);
        for (const FoundPlan& found : doc->plans()) {
            if (!found.plan) continue;
            const Plan& plan = *found.plan;
            const IoProfile io = exclusive_io(plan);
            INFO(file.filename().string() << " plan at line " << found.first_line);
            REQUIRE(io.nodes.size() == plan.nodes.size());
            if (!io.buffers) continue;
            ++with_buffers;
            BufferCounters sum;
            WalCounters wal;
            double io_ms = 0;
            for (NodeId id = 0; id < plan.nodes.size(); ++id) {
                INFO("node line " << plan.lines[plan.nodes[id].line].line);
                CHECK_FALSE(io[id].inconsistent);
                sum = sum + io[id].buffers;
                wal.records += io[id].wal.records, wal.fpi += io[id].wal.fpi, wal.bytes += io[id].wal.bytes;
                io_ms += io[id].io_read_ms + io[id].io_write_ms;
            }
            with_wal += io.wal;
            CHECK(wal.records == io.wal_total.records);
            CHECK(wal.fpi == io.wal_total.fpi);
            CHECK(wal.bytes == io.wal_total.bytes);
            CHECK(sum.shared_hit == io.total.shared_hit);
            CHECK(sum.shared_read == io.total.shared_read);
            CHECK(sum.shared_dirtied == io.total.shared_dirtied);
            CHECK(sum.shared_written == io.total.shared_written);
            CHECK(sum.local_hit == io.total.local_hit);
            CHECK(sum.local_read == io.total.local_read);
            CHECK(sum.temp_read == io.total.temp_read);
            CHECK(sum.temp_written == io.total.temp_written);
            CHECK(io_ms == Approx(io.io_read_ms + io.io_write_ms).margin(0.001 * static_cast<double>(plan.nodes.size())));
        }
    }
    CHECK(with_buffers >= 20);
    CHECK(with_wal >= 2);
}
