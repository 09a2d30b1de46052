#include "cli/cli.hpp"
#include "cli/heap.hpp"

#include <fmt/format.h>
#include <sched.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <thread>

namespace planlens::cli {

std::optional<Args> Args::parse(std::string_view verb, const std::vector<std::string_view>& argv,
                                std::initializer_list<std::string_view> with_value,
                                std::initializer_list<std::string_view> flags) {
    Args args;
    auto known = [](auto list, std::string_view name) { return std::find(list.begin(), list.end(), name) != list.end(); };
    for (std::size_t i = 0; i < argv.size(); ++i) {
        std::string_view a = argv[i];
        if (a == "-" || a.substr(0, 1) != "-") {
            args.positionals_.push_back(a);
            continue;
        }
        std::string_view name = a;
        std::optional<std::string_view> inline_value;
        if (const std::size_t eq = a.find('='); eq != std::string_view::npos) {
            name = a.substr(0, eq);
            inline_value = a.substr(eq + 1);
        }
        if (known(with_value, name)) {
            if (!inline_value && i + 1 == argv.size()) {
                usage_error(verb, fmt::format("option {} needs a value", name));
                return std::nullopt;
            }
            args.values_.emplace_back(name, inline_value ? *inline_value : argv[++i]);
        } else if (known(flags, name) && !inline_value) {
            args.flags_.push_back(name);
        } else {
            usage_error(verb, fmt::format("unknown option {}", a));
            return std::nullopt;
        }
    }
    return args;
}

bool Args::flag(std::string_view name) const {
    return std::find(flags_.begin(), flags_.end(), name) != flags_.end();
}

std::optional<std::string_view> Args::value(std::string_view name) const {
    for (auto it = values_.rbegin(); it != values_.rend(); ++it)
        if (it->first == name) return it->second;
    return std::nullopt;
}

int usage_error(std::string_view verb, std::string_view message) {
    fmt::print(stderr, "planlens {}: {}\nTry 'planlens {} --help'.\n", verb, message, verb);
    return Exit::usage;
}

std::string display_name(std::string_view path) { return path == "-" ? "<stdin>" : std::string(path); }

std::optional<Document> load(std::string_view path) {
    // the AST of a document of plans is about twice its size
    struct stat st {};
    if (path != "-" && ::stat(std::string(path).c_str(), &st) == 0 && S_ISREG(st.st_mode))
        prepare_heap(2 * static_cast<std::size_t>(st.st_size));
    auto doc = Document::from_file(std::string(path), ScanOptions({}, cores_available()));
    if (!doc) {
        fmt::print(stderr, "{}: {}\n", display_name(path), doc.error().message);
        return std::nullopt;
    }
    return std::move(doc).value();
}

std::optional<Scanned> each_plan(std::string_view path, unsigned jobs,
                                 const std::function<void(std::size_t index, const FoundPlan&)>& each,
                                 Reports reports) {
    // no prepare_heap: one plan at a time, the heap stays small
    Scanned scanned;
    const auto visit = [&](const FoundPlan& found) {
        if (reports == Reports::all) report_found(path, found);
        scanned.warned |= found.plan && !found.plan->warnings.empty();
        each(++scanned.plans, found);
    };
    const auto totals = scan_file(std::string(path), visit, ScanOptions({}, jobs));
    if (!totals) {
        fmt::print(stderr, "{}: {}\n", display_name(path), totals.error().message);
        return std::nullopt;
    }
    scanned.errors = totals->errors;
    scanned.bytes = totals->bytes;
    return scanned;
}

unsigned cores_available() {
    cpu_set_t cpus;
    if (sched_getaffinity(0, sizeof cpus, &cpus) == 0) return static_cast<unsigned>(std::max(1, CPU_COUNT(&cpus)));
    return std::max(1u, std::thread::hardware_concurrency());
}

std::optional<unsigned> jobs_option(std::string_view verb, const Args& args) {
    const auto value = args.value("--jobs");
    if (!value) return cores_available();
    unsigned jobs = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), jobs);
    if (ec != std::errc{} || end != value->data() + value->size() || jobs == 0 || jobs > 1024) {
        usage_error(verb, "--jobs needs a number of threads, 1 or more");
        return std::nullopt;
    }
    return jobs;
}

void report_found(std::string_view path, const FoundPlan& found) {
    if (found.plan) report_warnings(path, *found.plan);
    if (!found.error) return;
    const Position& at = found.error->position;
    fmt::print(stderr, "{}:{}:{}: {}\n", display_name(path), at.line, at.column, found.error->message);
}

std::size_t report_errors(std::string_view path, const Document& doc) {
    for (const FoundPlan& found : doc.plans()) report_found(path, found);
    return doc.error_count();
}

void report_warnings(std::string_view path, const Plan& plan) {
    for (const Warning& w : plan.warnings)
        fmt::print(stderr, "{}:{}:{}: warning: {}\n", display_name(path), w.position.line, w.position.column, w.message);
}

int no_plan(std::string_view path) {
    // located like every other failure (design.md: exit 1 with FILE:LINE:COL: what)
    fmt::print(stderr, "{}:1:1: no plan found: expected a plan node line such as 'Seq Scan on t  (cost=...)'\n",
               display_name(path));
    return Exit::failure;
}

int exit_code(const Document& doc) {
    const auto warned = [](const FoundPlan& f) { return f.plan && !f.plan->warnings.empty(); };
    const bool clean = std::none_of(doc.plans().begin(), doc.plans().end(), warned);
    return doc.plans().empty() || doc.error_count() > 0 || !clean ? Exit::failure : Exit::ok;
}

int exit_code(const Scanned& scanned) {
    return scanned.plans == 0 || scanned.errors > 0 || scanned.warned ? Exit::failure : Exit::ok;
}

void write_out(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

}  // namespace planlens::cli
