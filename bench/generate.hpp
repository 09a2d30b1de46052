// Deterministic inputs for the benchmarks: plans shaped like real EXPLAIN
// ANALYZE output, documents that paste them in every style among prose, prose
// alone, and the adversarial shapes of issue 8. Same seed, same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace planlens::bench {

/// One plan in plain PostgreSQL text with at least `nodes` nodes: joins,
/// scans, sorts, aggregates, Gather, InitPlans, with their property lines and
/// ANALYZE figures, nested at most about 40 levels deep.
std::string large_plan(std::size_t nodes, std::uint64_t seed = 1);

/// About `bytes` of markdown: headings, prose paragraphs, SQL fences, and
/// plans of 5 to 200 nodes pasted bare, fenced, as psql aligned / unaligned /
/// expanded output, markdown and DBeaver tables, CSV exports and server log
/// entries. `plans` receives how many plans were written.
std::string mixed_document(std::size_t bytes, std::size_t& plans, std::uint64_t seed = 2);

/// About `bytes` of markdown made from real plans (`plans`: plain plan text,
/// e.g. the project's captured fixtures), each pasted as a markdown pipe
/// table, bare, fenced or as a DBeaver grid, with a line of prose (now and
/// then a heading) between them: what a long writeup or a collected log of
/// plans looks like. `count` receives how many plans were written.
std::string realistic_document(std::size_t bytes, std::span<const std::string> plans, std::size_t& count,
                               std::uint64_t seed = 5);

/// About `bytes` of markdown prose with no plan: headings, paragraphs, lists,
/// SQL code blocks, tables of numbers.
std::string prose_document(std::size_t bytes, std::uint64_t seed = 3);

// ---- adversarial shapes (issue 8), each about `bytes` long ------------------------

/// "->->->..." on one line, then the same as many "->" lines.
std::string many_arrows(std::size_t bytes);
/// A million lines of "|".
std::string lone_pipes(std::size_t bytes);
/// One plan header line `bytes` long (a relation name that never ends).
std::string single_long_line(std::size_t bytes);
/// One node with as many "Filter: ..." property lines as fit.
std::string many_properties(std::size_t bytes);
/// A chain `levels` deep (six columns of indentation a level, as PostgreSQL
/// prints it, so the size grows with the square of the depth) pasted in a
/// markdown table: the shape that once made unwrapping quadratic.
std::string deep_markdown_plan(std::size_t levels);

}  // namespace planlens::bench
