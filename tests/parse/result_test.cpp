// Result<T>: value_or, and value() on an error stopping with the error's
// position and message in every build (never a crash on garbage).
#include <planlens/parse.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

using namespace planlens;

namespace {

/// Runs `body` in a child process; its stderr and whether it ended by SIGABRT.
template <typename F>
std::pair<std::string, bool> in_child(F body) {
    int pipe_fds[2];
    REQUIRE(pipe(pipe_fds) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(pipe_fds[1], 2);
        close(pipe_fds[0]);
        body();
        _exit(0);
    }
    close(pipe_fds[1]);
    std::string err;
    char buffer[512];
    for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) err.append(buffer, static_cast<std::size_t>(n));
    close(pipe_fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return {err, WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT};
}

}  // namespace

TEST_CASE("Result: value_or gives the value or the fallback") {
    const Result<int> good = 3;
    const Result<int> bad = Error{{2, 5}, "expected a number"};
    CHECK(good.value_or(7) == 3);
    CHECK(bad.value_or(7) == 7);
    CHECK(Result<std::string>(Error{{1, 1}, "x"}).value_or("none") == "none");
    CHECK(Result<std::string>(std::string("kept")).value_or("none") == "kept");
}

TEST_CASE("Result: value() on an error stops with the error, in every build") {
    // No node line at all: an error, not a plan with warnings.
    static const std::string text = "QUERY PLAN is not a node";
    const auto expected = parse_plan(text);
    REQUIRE(!expected);
    const auto [err, aborted] = in_child([] {
        const auto plan = parse_plan(text);
        std::fprintf(stderr, "%zu\n", plan.value().nodes.size());  // not reached
    });
    CHECK(aborted);
    CHECK(err.find("Result::value() called on an error: 1:") != std::string::npos);
    CHECK(err.find(expected.error().message) != std::string::npos);
}

TEST_CASE("Result: error() on a value stops too") {
    const auto [err, aborted] = in_child([] {
        const Result<int> good = 3;
        std::fprintf(stderr, "%s\n", good.error().message.c_str());  // not reached
    });
    CHECK(aborted);
    CHECK(err.find("Result::error() called on a value") != std::string::npos);
}
