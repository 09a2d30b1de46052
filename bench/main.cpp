// planlens_bench: throughput, memory and scaling of parsing (issue 7) and the
// adversarial inputs of issue 8, on generated inputs.
//
//   planlens_bench [--quick] [--repeat N] [--json] [--filter TEXT]
//   planlens_bench --write real|mixed|plan|prose MEGABYTES FILE   (inputs for planlens stats)
//   planlens_bench --e2e PLANLENS FILE [RUNS]    whole processes, see e2e.cpp
//   planlens_bench --split FILE                  the memchr line split as a process of its own
//
// Each case runs N times (median reported) after one warm-up run; MB/s are
// MiB of input per second of process CPU time (CLOCK_PROCESS_CPUTIME_ID),
// with the wall-clock median beside it. Memory figures come from counting
// operator new in this binary: peak bytes allocated during one run over the
// input size, and allocations per input line. "x base" is the time per byte
// over the time per byte of the first case of the group (its baseline).
#include "e2e.hpp"
#include "generate.hpp"

#include <planlens/document.hpp>
#include <planlens/parse.hpp>
#include <planlens/pg_json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <new>
#include <string>
#include <string_view>
#include <vector>

// ---- allocation counting ---------------------------------------------------------

namespace {

std::size_t g_live = 0, g_peak = 0, g_count = 0;
/// Heap bytes a Document still holds when its parse ends (its AST, not its text).
std::size_t g_retained = 0;
/// Where the baseline leaves its checksum, so that its loop is not optimised away.
volatile std::size_t g_sink = 0;

void* counted_alloc(std::size_t size) {
    // a header before the block remembers its size
    void* p = std::malloc(size + 16);
    if (p == nullptr) throw std::bad_alloc();
    *static_cast<std::size_t*>(p) = size;
    g_live += size;
    g_peak = std::max(g_peak, g_live);
    ++g_count;
    return static_cast<char*>(p) + 16;
}

void counted_free(void* p) noexcept {
    if (p == nullptr) return;
    void* block = static_cast<char*>(p) - 16;
    g_live -= *static_cast<std::size_t*>(block);
    std::free(block);
}

}  // namespace

void* operator new(std::size_t size) { return counted_alloc(size); }
void* operator new[](std::size_t size) { return counted_alloc(size); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }

namespace {

using namespace planlens;

// ---- timing ----------------------------------------------------------------------

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double wall_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// What one run of a case produced, to count nodes and keep the work observable.
struct Outcome {
    std::size_t nodes = 0;
    std::size_t plans = 0;
    std::size_t errors = 0;
};

struct Case {
    std::string name;
    std::string group;  // cases in a group are compared with the group's first case
    void* input;        // an Input of main(), made on first use
    std::function<Outcome(std::string)> run;  // takes its own copy, made before the clock starts
};

struct Measured {
    std::string name;
    std::size_t bytes = 0, lines = 0;
    double cpu = 0, wall = 0;  // median seconds
    Outcome outcome;
    double peak_per_byte = 0;
    double retained_per_byte = 0;  ///< the AST a Document keeps, per input byte
    double allocs_per_line = 0;
};

/// The plain plan text of the project's captured fixtures (PostgreSQL 15
/// output and the seed writeups' plans), in file name order.
std::vector<std::string> fixture_plans(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> files;
    for (const char* dir : {"pg15", "plans"}) {
        std::error_code error;
        for (const auto& entry : std::filesystem::directory_iterator(root / dir, error))
            if (entry.path().extension() == ".txt") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> plans;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (text.empty()) continue;
        if (text.back() != '\n') text += '\n';
        plans.push_back(std::move(text));
    }
    return plans;
}

std::size_t count_lines(std::string_view text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

// ---- the work being measured -----------------------------------------------------

/// The baseline: only split the input into lines (memchr per line), as every
/// other case must; checksums the line lengths so the loop is not optimised away.
Outcome split_lines(std::string text) {
    std::size_t sum = 0, lines = 0;
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p < end) {
        const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* stop = nl != nullptr ? nl : end;
        sum += static_cast<std::size_t>(stop - p);
        ++lines;
        p = stop + 1;
    }
    g_sink = g_sink + sum + lines;
    return {};
}

Outcome parse_one(std::string text) {
    auto plan = parse_plan(text);
    if (!plan) return {0, 0, 1};
    return {plan->nodes.size(), 1, 0};
}

Outcome parse_document(std::string text) {
    const std::size_t before = g_live;  // the text was allocated before
    const Document doc = Document::from_text(std::move(text));  // Document owns its text
    g_retained = g_live - before;
    Outcome o;
    for (const FoundPlan& f : doc.plans()) {
        ++o.plans;
        if (f.plan) o.nodes += f.plan->nodes.size();
        else ++o.errors;
    }
    return o;
}

Measured measure(const Case& c, const std::string& input, int repeat) {
    Measured m;
    m.name = c.name;
    m.bytes = input.size();
    m.lines = count_lines(input);
    // one warm-up run that also measures memory; the copy for Document is made before counting
    {
        std::string copy = input;
        const std::size_t live = g_live, count = g_count;
        g_peak = g_live;
        m.outcome = c.run(std::move(copy));
        m.peak_per_byte = static_cast<double>(g_peak - live) / static_cast<double>(m.bytes);
        m.retained_per_byte = static_cast<double>(g_retained) / static_cast<double>(m.bytes);
        g_retained = 0;
        m.allocs_per_line = static_cast<double>(g_count - count) / static_cast<double>(m.lines);
    }
    std::vector<double> cpu, wall;
    for (int i = 0; i < repeat; ++i) {
        std::string copy = input;
        const double c0 = cpu_seconds(), w0 = wall_seconds();
        m.outcome = c.run(std::move(copy));
        cpu.push_back(cpu_seconds() - c0);
        wall.push_back(wall_seconds() - w0);
    }
    m.cpu = median(cpu);
    m.wall = median(wall);
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = false, json = false;
    int repeat = 5;
    std::string filter;
    std::filesystem::path fixtures = PLANLENS_FIXTURES_DIR;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--split" && i + 1 < argc) return bench::split_file(argv[i + 1]);
        if (a == "--e2e" && i + 2 < argc)
            return bench::end_to_end(argv[0], argv[i + 1], argv[i + 2], i + 3 < argc ? std::atoi(argv[i + 3]) : 5);
        if (a == "--fixtures" && i + 1 < argc) fixtures = argv[++i];
        else if (a == "--quick") quick = true;
        else if (a == "--json") json = true;
        else if (a == "--repeat" && i + 1 < argc) repeat = std::atoi(argv[++i]);
        else if (a == "--filter" && i + 1 < argc) filter = argv[++i];
        else if (a == "--write" && i + 3 < argc) {
            const std::string_view what = argv[i + 1];
            const std::size_t mb = static_cast<std::size_t>(std::atol(argv[i + 2]));
            std::size_t plans = 0;
            const std::string text = what == "plan"    ? bench::large_plan(mb * 4000)
                                     : what == "prose" ? bench::prose_document(mb << 20)
                                     : what == "real"  ? bench::realistic_document(mb << 20, fixture_plans(fixtures), plans)
                                                       : bench::mixed_document(mb << 20, plans);
            if (what == "real" && plans == 0) return std::fprintf(stderr, "no fixture plans in %s\n", fixtures.c_str()), 1;
            std::FILE* f = std::fopen(argv[i + 3], "wb");
            if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size()) return 1;
            std::fclose(f);
            if (what == "real" || what == "mixed") std::fprintf(stderr, "%zu plans written\n", plans);
            return 0;
        } else {
            std::fprintf(stderr,
                         "usage: planlens_bench [--quick] [--repeat N] [--json] [--filter TEXT] [--fixtures DIR]\n"
                         "       planlens_bench [--fixtures DIR] --write real|mixed|plan|prose MEGABYTES FILE\n"
                         "       planlens_bench --e2e PLANLENS FILE [RUNS]\n"
                         "       planlens_bench --split FILE\n");
            return 2;
        }
    }
    const std::size_t big = quick ? (10u << 20) : (100u << 20);
    const std::size_t small = 10u << 20;
    const std::size_t adversarial = quick ? (4u << 20) : (20u << 20);

    // inputs are made when a selected case first needs them
    struct Input {
        explicit Input(std::function<std::string()> maker) : make(std::move(maker)) {}
        std::function<std::string()> make;
        std::string text;
        bool made = false;
        const std::string* get() {
            if (!made) text = make(), made = true;
            return &text;
        }
    };
    std::size_t plans = 0;
    Input plan{[&] { return bench::large_plan(quick ? 5000 : 40000); }};
    Input plan_small{[] { return bench::large_plan(5000, 7); }};
    Input mixed_small{[&] { return bench::mixed_document(small, plans); }};
    Input real{[&] { return bench::realistic_document(quick ? small : (64u << 20), fixture_plans(fixtures), plans); }};
    Input mixed_big{[&] { return bench::mixed_document(big, plans); }};
    Input prose{[&] { return bench::prose_document(big); }};
    Input arrows{[&] { return bench::many_arrows(adversarial); }};
    Input pipes{[&] { return bench::lone_pipes(adversarial); }};
    Input long_line{[&] { return bench::single_long_line(adversarial); }};
    Input properties{[&] { return bench::many_properties(adversarial); }};
    Input same_size_plan{[&] { return bench::large_plan(adversarial / 250, 11); }};
    // the large plan as PostgreSQL's EXPLAIN (FORMAT JSON) prints it
    Input json_plan{[&] {
        const std::string& text = *plan.get();
        auto parsed = parse_plan(text);
        const Plan* one = parsed ? &parsed.value() : nullptr;
        return parsed ? to_pg_json(std::span<const Plan* const>(&one, 1)) : std::string();
    }};
    Input deep{[] { return bench::deep_markdown_plan(1000); }};
    Input deeper{[] { return bench::deep_markdown_plan(2000); }};

    std::vector<Case> cases = {
        {"lines: large plan", "plan", &plan, split_lines},
        {"parse_plan: large plan", "plan", &plan, parse_one},
        {"parse_plan: 5,000-node plan", "plan", &plan_small, parse_one},
        {"document: large plan", "plan", &plan, parse_document},
        {"lines: real plans", "real", &real, split_lines},
        {"document: real plans", "real", &real, parse_document},
        {"lines: large JSON plan", "json", &json_plan, split_lines},
        {"parse_plan: large JSON plan", "json", &json_plan, parse_one},
        {"document: large JSON plan", "json", &json_plan, parse_document},
        {"lines: mixed 10 MB", "mixed10", &mixed_small, split_lines},
        {"document: mixed 10 MB", "mixed10", &mixed_small, parse_document},
        {"lines: prose", "prose", &prose, split_lines},
        {"document: prose", "prose", &prose, parse_document},
        {"document: plans, adversarial size", "adversarial", &same_size_plan, parse_document},
        {"document: 1M '->' tokens", "adversarial", &arrows, parse_document},
        {"document: lone pipes", "adversarial", &pipes, parse_document},
        {"document: one long line", "adversarial", &long_line, parse_document},
        {"document: 100k+ properties", "adversarial", &properties, parse_document},
        {"parse_plan: 100k+ properties", "adversarial", &properties, parse_one},
        {"lines: 1,000 levels deep (markdown)", "deep", &deep, split_lines},
        {"document: 1,000 levels deep (markdown)", "deep", &deep, parse_document},
        {"document: 2,000 levels deep (markdown)", "deep", &deeper, parse_document},
    };
    if (!quick) {
        cases.insert(cases.begin() + 8, Case{"lines: mixed 100 MB", "mixed100", &mixed_big, split_lines});
        cases.insert(cases.begin() + 9, Case{"document: mixed 100 MB", "mixed100", &mixed_big, parse_document});
    }

    std::vector<Measured> results;
    std::vector<std::string> groups;
    for (const Case& c : cases) {
        if (!filter.empty() && c.name.find(filter) == std::string::npos && c.group != filter) continue;
        const std::string& input = *static_cast<decltype(plan)*>(c.input)->get();
        const int n = input.size() > (50u << 20) ? std::max(1, repeat / 2) : repeat;
        results.push_back(measure(c, input, n));
        groups.push_back(c.group);
        const Measured& m = results.back();
        if (!json) std::fprintf(stderr, "  measured %s\n", m.name.c_str());
    }

    auto mbps = [](const Measured& m, double s) { return static_cast<double>(m.bytes) / (1 << 20) / s; };
    if (json) std::printf("[\n");
    else
        std::printf("%-40s %9s %9s %9s %9s %10s %8s %9s %8s %8s\n", "case", "MiB", "MiB/s", "wall MiB/s", "x base",
                    "nodes/s", "plans", "peak/B", "ast/B", "alloc/ln");
    for (std::size_t i = 0; i < results.size(); ++i) {
        const Measured& m = results[i];
        // the group's baseline: its first case
        const Measured* base = &m;
        for (std::size_t j = 0; j < i; ++j)
            if (groups[j] == groups[i]) {
                base = &results[j];
                break;
            }
        // per byte, as the cases of a group need not be the same size
        const double ratio = (m.cpu / static_cast<double>(m.bytes)) / (base->cpu / static_cast<double>(base->bytes));
        const double nodes_per_s = static_cast<double>(m.outcome.nodes) / m.cpu;
        if (json) {
            std::printf("  {\"case\": \"%s\", \"bytes\": %zu, \"lines\": %zu, \"cpu_s\": %.6f, \"wall_s\": %.6f, "
                        "\"mib_per_s\": %.1f, \"wall_mib_per_s\": %.1f, \"time_vs_group_baseline\": %.2f, "
                        "\"nodes\": %zu, \"nodes_per_s\": %.0f, \"plans\": %zu, \"errors\": %zu, "
                        "\"peak_bytes_per_input_byte\": %.3f, \"ast_bytes_per_input_byte\": %.3f, "
                        "\"allocations_per_line\": %.4f}%s\n",
                        m.name.c_str(), m.bytes, m.lines, m.cpu, m.wall, mbps(m, m.cpu), mbps(m, m.wall), ratio,
                        m.outcome.nodes, nodes_per_s, m.outcome.plans, m.outcome.errors, m.peak_per_byte,
                        m.retained_per_byte, m.allocs_per_line, i + 1 == results.size() ? "" : ",");
        } else {
            std::printf("%-40s %9.1f %9.0f %9.0f %9.2f %10.3g %8zu %9.2f %8.2f %8.4f\n", m.name.c_str(),
                        static_cast<double>(m.bytes) / (1 << 20), mbps(m, m.cpu), mbps(m, m.wall), ratio,
                        nodes_per_s, m.outcome.plans, m.peak_per_byte, m.retained_per_byte, m.allocs_per_line);
        }
    }
    if (json) std::printf("]\n");
    // scaling: time per byte of the 100 MB document over the 10 MB one
    const auto find = [&](std::string_view name) -> const Measured* {
        for (const Measured& m : results)
            if (m.name == name) return &m;
        return nullptr;
    };
    const auto per_byte = [](const Measured& m) { return m.cpu / static_cast<double>(m.bytes); };
    const Measured *m10 = find("document: mixed 10 MB"), *m100 = find("document: mixed 100 MB");
    if (m10 && m100 && !json)
        std::printf("\nscaling: 100 MB takes %.2fx the time per byte of 10 MB (1.00 is linear)\n",
                    per_byte(*m100) / per_byte(*m10));
    const Measured *d1 = find("document: 1,000 levels deep (markdown)"), *d2 = find("document: 2,000 levels deep (markdown)");
    if (d1 && d2 && !json)
        std::printf("depth: 2,000 levels take %.2fx the time per byte of 1,000 levels (1.00 is linear in the input)\n",
                    per_byte(*d2) / per_byte(*d1));
    return 0;
}
