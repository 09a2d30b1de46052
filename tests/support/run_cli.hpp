// Runs the built planlens (PLANLENS_CLI) as a user would: arguments as shell
// words, standard output a pipe, stderr and the exit status captured.
#pragma once

#include "support/read_file.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include <sys/wait.h>
#include <unistd.h>

namespace planlens::test {

struct CliRun {
    std::string out, err;
    int status = -1;
};

/// The path as one shell word.
inline std::string shell_quoted(const std::filesystem::path& path) {
    std::string out = "'";  // appended, not "'" + ...: GCC 12 warns (-Wrestrict) about the inlined operator+
    out.append(path.string()).append("'");
    return out;
}

/// How many columns a line of output takes on a terminal: its code points
/// (the output's ±, arrows and ellipses are one column, several bytes).
inline std::size_t columns(std::string_view line) {
    std::size_t n = 0;
    for (const char c : line) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

/// `env` is prepended to the command ("COLUMNS=80"), so it can set the
/// environment; NO_COLOR and COLUMNS are unset first, so the user's terminal
/// settings do not leak in. Standard input is `input`, else /dev/null.
inline CliRun run_cli(const std::string& args, const std::string& env = "", const std::filesystem::path& input = {}) {
    char err_path[] = "/tmp/planlens-cli-test-XXXXXX";
    const int fd = mkstemp(err_path);
    REQUIRE(fd >= 0);
    close(fd);
    std::string command = "env -u NO_COLOR -u COLUMNS " + env + " '";
    command.append(PLANLENS_CLI).append("' ").append(args);
    command.append(input.empty() ? " </dev/null" : " <" + shell_quoted(input));
    command.append(" 2>").append(err_path);
    CliRun r;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) r.out.append(buffer, n);
    const int status = pclose(pipe);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = read_file(err_path);
    std::remove(err_path);
    return r;
}

}  // namespace planlens::test
