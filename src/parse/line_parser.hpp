// One plan line at a time: the node header (through the PEGTL grammar), the
// subplan labels, the "Worker N:" prefix, and "Label: value" properties.
#pragma once

#include <planlens/node.hpp>
#include <planlens/property.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace planlens::detail {

/// What a node header line says, before it becomes a Node.
struct HeaderFields {
    std::string_view name;
    std::string_view index;
    std::string_view first;   ///< first identifier after " on"
    std::string_view second;  ///< identifier after "first." (then `first` is the schema)
    std::string_view alias;
    std::optional<Estimates> estimates;
    std::optional<Actuals> actuals;
    bool never_executed = false;
    bool rows_with_decimals = false;
};

/// A failure inside a line: byte offset in the line and what was expected.
struct LineError {
    std::size_t offset = 0;
    std::string message;
};

/// Width of the leading spaces and tabs (a tab advances to the next multiple of 8).
std::size_t indentation_width(std::string_view text) noexcept;
/// Text after the leading spaces and tabs.
std::string_view after_indentation(std::string_view text) noexcept;

enum class HeaderResult { parsed, not_a_header, error };

/// A child line "  ->  Seq Scan on t  (cost=...)". Once the arrow is seen the
/// line must be a valid header, otherwise `error` says why.
HeaderResult parse_child_header(std::string_view text, HeaderFields& out, LineError& error);

/// A root line "Seq Scan on t  (cost=...)" (no arrow). Figures that start
/// but are malformed are an error; anything else is simply not a header.
HeaderResult parse_root_header(std::string_view text, HeaderFields& out, LineError& error);

/// "InitPlan 1 (returns $0)", "SubPlan 2", "CTE name" -> the label text, else empty.
std::string_view parse_subplan_label(std::string_view text) noexcept;

/// "Worker 3:  rest" -> worker number and the text after the prefix.
bool parse_worker_prefix(std::string_view text, int& worker, std::string_view& rest) noexcept;

/// Splits "Label: value" (or a section header "Label:"). False when the text
/// has no such shape; labels always start with a capital letter.
bool split_label(std::string_view text, std::string_view& label, std::string_view& value) noexcept;

/// Top-level lines after the tree: Planning Time, Triggers, JIT, Settings, ...
bool is_summary_kind(PropertyKind kind) noexcept;

}  // namespace planlens::detail
