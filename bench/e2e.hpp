// Whole-process measurements: what a user of `planlens stats FILE` gets,
// reading the file and first-touch memory included, beside a memchr line
// split and `wc -l` of the same file in the same run.
#pragma once

namespace planlens::bench {

/// Runs `self --split FILE`, `wc -l FILE`, `planlens stats FILE` and
/// `planlens stats --json FILE` `runs` times each, alternating, one fresh process per run, and prints the median CPU
/// time (user + sys from wait4), MB/s, peak RSS and page faults of each.
int end_to_end(const char* self, const char* planlens, const char* file, int runs);

/// The baseline process: maps FILE (the cheapest way to see all its bytes)
/// and splits it into lines with memchr; prints the line count.
int split_file(const char* file);

}  // namespace planlens::bench
