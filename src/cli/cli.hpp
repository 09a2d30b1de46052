// Shared plumbing of the planlens verbs: arguments, inputs, error reports and
// the exit codes fixed by the contract (0 ok, 1 no plan / parse error / warning, 2 usage).
#pragma once

#include <planlens/document.hpp>

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planlens::cli {

enum Exit : int { ok = 0, failure = 1, usage = 2 };

/// A verb's command line: options with values, flags, and positionals.
class Args {
public:
    /// `with_value` names the options that take a value ("--to"), `flags` the
    /// others ("--json"). Returns nullopt (after printing why) on bad usage.
    static std::optional<Args> parse(std::string_view verb, const std::vector<std::string_view>& argv,
                                     std::initializer_list<std::string_view> with_value,
                                     std::initializer_list<std::string_view> flags);

    bool flag(std::string_view name) const;
    std::optional<std::string_view> value(std::string_view name) const;
    const std::vector<std::string_view>& positionals() const { return positionals_; }

private:
    std::vector<std::pair<std::string_view, std::string_view>> values_;
    std::vector<std::string_view> flags_;
    std::vector<std::string_view> positionals_;
};

/// Prints "planlens VERB: message" and the verb's usage line; returns Exit::usage.
int usage_error(std::string_view verb, std::string_view message);

/// Name used in messages for an input path ("-" is standard input).
std::string display_name(std::string_view path);

/// Loads a document (parsed on the cores available), printing "FILE: why"
/// when it cannot be read.
std::optional<Document> load(std::string_view path);

/// The cores this process may run on (its CPU affinity), at least 1.
unsigned cores_available();

/// What a verb saw of an input it read a plan at a time.
struct Scanned {
    std::size_t plans = 0;
    std::size_t errors = 0;  ///< plans that failed to parse
    bool warned = false;     ///< some plan was read with warnings
    std::size_t bytes = 0;
};

/// Whether each_plan prints every plan's errors and warnings, or leaves it to the verb.
enum class Reports : bool { none, all };

/// Reads the plans of `path` one at a time, for the verbs that look at each
/// plan on its own: memory stays that of one plan whatever the input's size.
/// For each plan, prints its errors and warnings as report_errors does (unless
/// `reports` is none), then calls `each` with the plan and its 1-based index.
/// Returns nullopt, after printing "FILE: why", when the input cannot be read.
/// Plans are parsed on `jobs` threads (see ScanOptions::jobs); the output
/// is the same for any number.
std::optional<Scanned> each_plan(std::string_view path, unsigned jobs,
                                 const std::function<void(std::size_t index, const FoundPlan&)>& each,
                                 Reports reports = Reports::all);

/// The value of --jobs N (1 or more), or by default cores_available().
/// Returns nullopt, after printing the usage error, for a bad N.
std::optional<unsigned> jobs_option(std::string_view verb, const Args& args);

/// Prints "FILE:LINE:COL: message" for every plan that failed to parse, and
/// "FILE:LINE:COL: warning: message" for what a parsed plan recovered from.
/// Returns how many errors were printed.
std::size_t report_errors(std::string_view path, const Document& doc);
void report_warnings(std::string_view path, const Plan& plan);
/// The same for one plan.
void report_found(std::string_view path, const FoundPlan& found);

/// Prints "FILE: no plan found" and returns Exit::failure.
int no_plan(std::string_view path);

/// The exit code for a document: failure when it had no plan, any error, or
/// a plan read with warnings (every plan is still in the output).
int exit_code(const Document& doc);
int exit_code(const Scanned& scanned);

/// Writes all of `text` to stdout.
void write_out(std::string_view text);

// The verbs. Each parses its own options.
int convert(const std::vector<std::string_view>& argv);
int extract(const std::vector<std::string_view>& argv);
int stats(const std::vector<std::string_view>& argv);
int advise(const std::vector<std::string_view>& argv);
int show(const std::vector<std::string_view>& argv);
int hot(const std::vector<std::string_view>& argv);
int diff(const std::vector<std::string_view>& argv);
int report(const std::vector<std::string_view>& argv);

}  // namespace planlens::cli
