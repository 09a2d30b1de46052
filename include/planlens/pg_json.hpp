// Rendering plans as PostgreSQL's own EXPLAIN (FORMAT JSON) output, so tools
// that read it (pev2, pgMustard, ...) can read pasted text plans too.
#pragma once

#include <planlens/plan.hpp>

#include <span>
#include <string>

namespace planlens {

/// Appends one element of the EXPLAIN (FORMAT JSON) array for `plan`:
/// {"Plan": {...}, "Planning Time": ..., "Triggers": [...], "Execution Time": ...},
/// with PostgreSQL's key names and value types. Fields the text leaves out
/// but PostgreSQL's rules determine (zero counters under ANALYZE, "Single
/// Copy": false, ...) are filled in; fields the text cannot tell are omitted.
/// `indent` is the nesting level of the element (1 inside the array).
void append_pg_json(std::string& out, const Plan& plan, int indent = 1);

/// The JSON array PostgreSQL would print for these plans, one element each.
std::string to_pg_json(std::span<const Plan* const> plans);

}  // namespace planlens
