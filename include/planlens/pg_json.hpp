// Rendering plans as PostgreSQL's own EXPLAIN (FORMAT JSON) output, so tools
// that read it (pev2, pgMustard, ...) can read pasted text plans too.
#pragma once

#include <planlens/plan.hpp>

#include <span>
#include <string>

namespace planlens {

/// Where EXPLAIN's JSON depends on the server version. The text of a plan
/// often tells (PostgreSQL 18 prints "rows=1.00" under ANALYZE, 13 and older
/// hang several ModifyTable children as members, 17 and older print
/// "(returns $0)", Memoize exists from 14 on, ...): see infer_server_version.
struct PgJsonOptions {
    /// Major version of the server that printed the plan, e.g. 13; 0 infers
    /// it per plan from the text.
    int server_version = 0;
};

/// The major version the text of `plan` implies where that changes the
/// JSON: 12 when only PostgreSQL 12 or older prints it that way ("Worker 0:
/// actual ..." with one space), 13 when only 13 or older does (ModifyTable
/// members), 18 when only 18 or newer does, 0 when the text does not tell
/// (the JSON is then that of 14 to 17).
int infer_server_version(const Plan& plan) noexcept;

/// Appends one element of the EXPLAIN (FORMAT JSON) array for `plan`:
/// {"Plan": {...}, "Planning Time": ..., "Triggers": [...], "Execution Time": ...},
/// with PostgreSQL's key names and value types. Fields the text leaves out
/// but PostgreSQL's rules determine (zero counters under ANALYZE, "Single
/// Copy": false, ...) are filled in; fields the text cannot tell are omitted.
/// `indent` is the nesting level of the element (1 inside the array).
void append_pg_json(std::string& out, const Plan& plan, int indent = 1, const PgJsonOptions& options = {});

/// The JSON array PostgreSQL would print for these plans, one element each.
std::string to_pg_json(std::span<const Plan* const> plans, const PgJsonOptions& options = {});

}  // namespace planlens
