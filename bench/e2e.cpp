#include "e2e.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace planlens::bench {

namespace {

struct Usage {
    double cpu = 0;         ///< user + sys seconds
    double wall = 0;        ///< seconds from spawn to exit
    double max_rss_kib = 0;
    double minor_faults = 0;
    double major_faults = 0;
    int status = 0;
};

/// One fresh process with its output to /dev/null; its resource usage from wait4.
Usage run(std::vector<const char*> argv) {
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    Usage u;
    const auto start = std::chrono::steady_clock::now();
    if (posix_spawnp(&pid, argv[0], &actions, nullptr, const_cast<char* const*>(argv.data()), environ) != 0) {
        std::fprintf(stderr, "cannot run %s\n", argv[0]);
        std::exit(1);
    }
    posix_spawn_file_actions_destroy(&actions);
    rusage ru{};
    wait4(pid, &u.status, 0, &ru);
    u.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    u.cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
            static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
    u.max_rss_kib = static_cast<double>(ru.ru_maxrss);
    u.minor_faults = static_cast<double>(ru.ru_minflt);
    u.major_faults = static_cast<double>(ru.ru_majflt);
    return u;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Process {
    const char* name;
    std::vector<const char*> argv;
    std::vector<Usage> runs;
};

}  // namespace

int end_to_end(const char* self, const char* planlens, const char* file, int runs) {
    struct stat st{};
    if (stat(file, &st) != 0) return std::fprintf(stderr, "cannot stat %s\n", file), 1;
    const double bytes = static_cast<double>(st.st_size);
    std::vector<Process> processes = {
        {"memchr line split", {self, "--split", file}, {}},
        {"wc -l", {"wc", "-l", file}, {}},
        {"planlens stats", {planlens, "stats", file}, {}},
        {"planlens stats --jobs 1", {planlens, "stats", "--jobs", "1", file}, {}},
        {"planlens stats --json", {planlens, "stats", "--json", file}, {}},
    };
    // The runs alternate, so that a busy moment of a shared machine touches all of them.
    for (int r = 0; r < std::max(1, runs); ++r)
        for (Process& p : processes) p.runs.push_back(run(p.argv));
    // what was parsed: the counts of plain `planlens stats`, on one line
    const std::string command = std::string(planlens) + " stats '" + file + "' 2>/dev/null";
    if (std::FILE* out = popen(command.c_str(), "r")) {
        std::string counts;
        char line[256];
        while (std::fgets(line, sizeof line, out)) counts += std::string(line, std::strcspn(line, "\n")) + ", ";
        if (!counts.empty()) std::printf("planlens stats: %s\n", counts.substr(0, counts.size() - 2).c_str());
        pclose(out);
    }
    std::printf("%s: %.1f MB (MB = 10^6 bytes), median of %d runs, one process per run;\n"
                "CPU = user + sys of the process (wait4), peak RSS = its ru_maxrss\n",
                file, bytes / 1e6, std::max(1, runs));
    std::printf("%-24s %8s %9s %9s %8s %11s %9s %12s\n", "process", "CPU s", "MB/s", "x split", "wall s",
                "peak RSS MB", "RSS/input", "page faults");
    double split_cpu = 0;
    bool failed = false;  // exit status 1 is planlens finding no plan (prose): not a failure
    for (const Process& p : processes) {
        std::vector<double> cpu, wall, rss, faults;
        for (const Usage& u : p.runs) {
            cpu.push_back(u.cpu);
            wall.push_back(u.wall);
            rss.push_back(u.max_rss_kib * 1024);
            faults.push_back(u.minor_faults + u.major_faults);
            if (!WIFEXITED(u.status) || WEXITSTATUS(u.status) > 1) {
                std::fprintf(stderr, "%s exited with status %d\n", p.name, u.status);
                failed = true;
            }
        }
        const double c = median(cpu);
        if (split_cpu == 0) split_cpu = c;
        std::printf("%-24s %8.3f %9.0f %9.2f %8.3f %11.1f %9.2f %12.0f\n", p.name, c, bytes / 1e6 / std::max(c, 1e-6),
                    c / std::max(split_cpu, 1e-6), median(wall), median(rss) / 1e6, median(rss) / bytes,
                    median(faults));
    }
    return failed ? 1 : 0;
}

int split_file(const char* file) {
    const int fd = open(file, O_RDONLY);
    struct stat st{};
    if (fd < 0 || fstat(fd, &st) != 0) return 1;
    const auto got = static_cast<std::size_t>(st.st_size);
    void* map = got > 0 ? mmap(nullptr, got, PROT_READ, MAP_PRIVATE, fd, 0) : nullptr;
    close(fd);
    if (map == MAP_FAILED) return 1;
    const char* const begin = static_cast<const char*>(map);
    std::size_t lines = 0, sum = 0;
    const char* p = begin;
    const char* const end = p + got;
    while (p < end) {
        const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* stop = nl != nullptr ? nl : end;
        sum += static_cast<std::size_t>(stop - p);
        ++lines;
        p = stop + 1;
    }
    std::printf("%zu lines, %zu bytes in lines\n", lines, sum);
    return 0;
}

}  // namespace planlens::bench
