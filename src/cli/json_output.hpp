// The one shape of every `--json` verb (docs/json.md, docs/planlens.schema.json):
// one element per plan found, in document order, each opening with the same
// members ("planlens", "index", "first_line", ..., "error"); a plan that did
// not parse keeps its place with "error" set and no verb members.
#pragma once

#include "render/json_writer.hpp"

#include <planlens/document.hpp>

#include <cstddef>
#include <functional>
#include <string>

namespace planlens::cli {

/// The "planlens" member of every element: bumped when a member changes meaning or goes away.
inline constexpr int json_schema_version = 1;

/// Writes a verb's members for one parsed plan into the element's open object.
using PlanMembers = std::function<void(detail::JsonWriter&, const FoundPlan&)>;

/// Opens a plan element and writes the members every verb shares:
/// "planlens", "index" (1-based), "first_line", "last_line", "style", "root",
/// "planning_ms", "execution_ms", "heading", "sql", "error", "warnings", "format".
void begin_plan_element(detail::JsonWriter& w, std::size_t index, const FoundPlan& found);

/// One element: the shared members, then `members` when the plan parsed.
void plan_element(detail::JsonWriter& w, std::size_t index, const FoundPlan& found, const PlanMembers& members);

/// A JSON array of plan elements written to standard output as it is made,
/// in 64 KiB pieces: the array of a document of many plans is a third of the
/// input's size again, and need not be in memory at once.
class PlanArrayWriter {
public:
    explicit PlanArrayWriter(PlanMembers members);
    PlanArrayWriter(const PlanArrayWriter&) = delete;
    PlanArrayWriter& operator=(const PlanArrayWriter&) = delete;

    /// One element: the shared members, then the verb's when the plan parsed.
    void add(std::size_t index, const FoundPlan& found);
    /// Closes the array (`[]` when nothing was added) and writes the rest.
    void finish();

private:
    PlanMembers members_;
    std::string out_;
    detail::JsonWriter w_;
};

/// Appends one parsed plan's text output.
using PlanText = std::function<void(std::string& out, std::size_t index, const FoundPlan&)>;

/// A verb's output, written a plan at a time as each_plan reads them: with
/// `json` a plan element per plan (`members`; `[]` without a plan), else each
/// parsed plan's `text`, a blank line between two. Returns the exit code
/// (failure for no plan, an error or a warning).
int write_each_plan(std::string_view path, unsigned jobs, bool json, const PlanMembers& members,
                    const PlanText& text);

/// Writes to standard output, as it is made, a JSON array with one element
/// per plan of `doc` (`[]` for none), or only the `only`-th (1-based) when it
/// is not 0; the records nested in an element (nodes, advice) one per line.
void write_plan_array(const Document& doc, const PlanMembers& members, std::size_t only = 0);

/// For a --json verb whose input cannot be read: prints `[]` (the output stays
/// valid JSON; the reason went to stderr) and returns Exit::failure.
int no_json_input();

/// {"line", "column", "message"} of a located error.
void error_object(detail::JsonWriter& w, const Error& error);

}  // namespace planlens::cli
