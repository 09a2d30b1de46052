// The bodies of the fuzz targets, shared by the libFuzzer binaries and by the
// replay test that re-runs every saved input under fuzz/regressions/.
// Each body checks properties that must hold for any input, and aborts when
// one does not: the fuzzer reports that as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace planlens::fuzz {

/// parse_plan on arbitrary bytes; a parsed plan must render and round-trip.
void parse_plan_target(std::string_view input);

/// Document extraction on arbitrary bytes; every found plan must render.
void document_target(std::string_view input);

/// The same bytes, repeated past 1 MiB, scanned on one thread and on three:
/// the same plans in the same order.
void scan_parallel_target(std::string_view input);

/// EXPLAIN (FORMAT JSON) reading on arbitrary bytes; plans read print back identically.
void json_target(std::string_view input);
/// The same for EXPLAIN (FORMAT YAML) and (FORMAT XML).
void yaml_target(std::string_view input);
void xml_target(std::string_view input);

/// Two plans split at the first 0x1E byte, diffed (built when the diff API exists).
void diff_target(std::string_view input);

}  // namespace planlens::fuzz
