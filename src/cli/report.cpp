// planlens report FILE|- [-o OUT.html]
// The whole document as one self-contained HTML page (docs/report.md).
#include "cli/cli.hpp"

#include <planlens/html_report.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace planlens::cli {

namespace {

constexpr std::string_view help = R"(usage: planlens report [-o OUT.html] FILE|-

Writes one self-contained HTML page about every plan in FILE (- reads
standard input): a summary table of all plans, then each plan with its
heading, SQL and lines, a flame graph of exclusive time, the collapsible
tree (exclusive and inclusive time, share, rows against the estimate,
loops, buffers, every property), the findings where they occur and the
advice with its CREATE INDEX; and every before/after pair 'planlens diff'
finds, side by side with the speedup and where the time moved.

The page has its stylesheet, SVG and script inline and loads nothing, so it
works from disk and as an e-mail attachment; light and dark schemes follow
the reader's system, and it prints.

  -o OUT.html   write the page there (default: standard output)

Plans that fail to parse are reported as FILE:LINE:COL: message on stderr
and shown in the page with their lines as pasted.
Exit status: 0 ok, 1 no plan, a parse error or OUT cannot be written, 2 usage.
)";

/// Writes to a temporary file beside `path` and renames it, so a failed write never leaves half a page.
bool write_file(const std::string& path, std::string_view text) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (out) out.write(text.data(), static_cast<std::streamsize>(text.size()));
        if (!out) {
            fmt::print(stderr, "planlens report: cannot write {}: {}\n", path, std::strerror(errno));
            return false;
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        fmt::print(stderr, "planlens report: cannot write {}: {}\n", path, error.message());
        std::filesystem::remove(temporary, error);
        return false;
    }
    return true;
}

}  // namespace

int report(const std::vector<std::string_view>& argv) {
    if (!argv.empty() && (argv[0] == "--help" || argv[0] == "-h")) return write_out(help), Exit::ok;
    const auto args = Args::parse("report", argv, {"-o", "--output"}, {});
    if (!args) return Exit::usage;
    if (args->positionals().size() != 1) return usage_error("report", "expected one input FILE or -");
    const std::string_view path = args->positionals()[0];
    const auto output = args->value("-o") ? args->value("-o") : args->value("--output");

    const auto doc = load(path);
    if (!doc) return Exit::failure;
    report_errors(path, *doc);
    if (doc->plans().empty()) no_plan(path);  // the page still says so

    const std::string page = html_report(*doc, {path == "-" ? std::string("standard input")
                                                            : std::filesystem::path(path).filename().string()});
    if (!output || *output == "-") {
        write_out(page);
    } else if (!write_file(std::string(*output), page)) {
        return Exit::failure;
    }
    return exit_code(*doc);
}

}  // namespace planlens::cli
