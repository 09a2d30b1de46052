// planlens VERB [options] ARGS
#include "cli/cli.hpp"

#include <planlens/version.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <exception>

namespace {

constexpr std::string_view help = R"(usage: planlens VERB [options] FILE|-

Reads PostgreSQL EXPLAIN output the way people paste it.

verbs:
  convert --to pg-json|text|folded
                              every plan as PostgreSQL JSON, plain text or
                              folded stacks (flamegraph.pl, speedscope)
  extract [--json]            list the plans found in a document
  stats [--json]              parse everything, print counts only
  advise [--json]             which index would help, and why an index would not
  show [--plan N] [--json]    each plan as a tree annotated with self time and findings
  hot [--top N] [--json]      the nodes where the time goes, and why
  diff [--json|--markdown]    what changed between two plans (BEFORE AFTER, or
                              the before/after pairs of one writeup)
  report [-o OUT.html]        one self-contained HTML page of the whole document

Run 'planlens VERB --help' for a verb's options. 'planlens --version' prints
the version.
)";

struct Verb {
    std::string_view name;
    int (*run)(const std::vector<std::string_view>&);
};

constexpr Verb verbs[] = {
    {"convert", planlens::cli::convert},
    {"extract", planlens::cli::extract},
    {"stats", planlens::cli::stats},
    {"advise", planlens::cli::advise},
    {"show", planlens::cli::show},
    {"hot", planlens::cli::hot},
    {"diff", planlens::cli::diff},
    {"report", planlens::cli::report},
};

int run(int argc, char** argv) {
    using planlens::cli::Exit;
    if (argc < 2) {
        std::fputs(help.data(), stderr);
        return Exit::usage;
    }
    const std::string_view verb = argv[1];
    if (verb == "--help" || verb == "-h" || verb == "help") return planlens::cli::write_out(help), Exit::ok;
    if (verb == "--version") return fmt::print("planlens {}\n", planlens::version_string), Exit::ok;
    std::vector<std::string_view> rest(argv + 2, argv + argc);
    // "--help" anywhere after the verb asks for the verb's help, as in
    // "planlens hot FILE --help"; every verb answers it when it comes first.
    if (std::any_of(rest.begin(), rest.end(), [](std::string_view a) { return a == "--help" || a == "-h"; }))
        rest = {"--help"};
    for (const Verb& v : verbs)
        if (v.name == verb) return v.run(rest);
    fmt::print(stderr, "planlens: unknown verb '{}'\n", verb);
    std::fputs(help.data(), stderr);
    return Exit::usage;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {  // the library never throws; this guards fmt and the OS
        fmt::print(stderr, "planlens: {}\n", e.what());
        return planlens::cli::Exit::failure;
    }
}
