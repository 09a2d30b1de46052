// Counts as people write them in prose: the one place every stage that
// prints a count for a reader (findings, advice, diffs, the terminal) gets
// its digits grouped from.
#pragma once

#include <string>

namespace planlens::analysis {

/// 600005 -> "600,005", -1234.4 -> "-1,234" (rounded to a whole number); "?"
/// for a value that is not finite. For prose: a figure quoted from the plan's
/// own text ("Disk: 125168kB") keeps PostgreSQL's spelling instead.
std::string grouped_count(double value);

}  // namespace planlens::analysis
