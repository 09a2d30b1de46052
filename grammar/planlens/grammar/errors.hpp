// One message per rule that can fail after a line has committed to a
// construct (must<> / if_must<>). must_if requires a message for every such
// rule at compile time, so every error says what was expected.
#pragma once

#include <planlens/grammar/line_grammar.hpp>

namespace planlens::grammar {

struct errors {
    template <typename Rule>
    static constexpr const char* message = nullptr;
};

// clang-format off
#define PLANLENS_ERROR(RULE, TEXT) \
    template <> inline constexpr const char* errors::message<rules::RULE> = TEXT

PLANLENS_ERROR(node_header, "expected a node name such as 'Seq Scan' after '->'");
PLANLENS_ERROR(end_of_header, "expected the end of the node line after its name, target and figures");
PLANLENS_ERROR(index_name, "expected an index name after 'using'");
PLANLENS_ERROR(target_first, "expected a relation or object name after 'on'");
PLANLENS_ERROR(target_second, "expected a name after '.'");
PLANLENS_ERROR(startup_cost, "expected the startup cost, a number such as 0.00, after '(cost='");
PLANLENS_ERROR(dots, "expected '..' between the startup and the total figure");
PLANLENS_ERROR(total_cost, "expected the total cost, a number such as 12.50, after '..'");
PLANLENS_ERROR(rows_after_cost, "expected ' rows=' after the cost range");
PLANLENS_ERROR(plan_rows, "expected the estimated row count after 'rows='");
PLANLENS_ERROR(width_keyword, "expected ' width=' after the estimated rows");
PLANLENS_ERROR(plan_width, "expected the row width in bytes after 'width='");
PLANLENS_ERROR(close_paren, "expected ')' to close the parenthesised figures");
PLANLENS_ERROR(startup_time, "expected the startup time in ms after 'time='");
PLANLENS_ERROR(total_time, "expected the total time in ms after '..'");
PLANLENS_ERROR(time_separator, "expected a space after the time range");
PLANLENS_ERROR(rows_keyword, "expected 'rows=' in the actual figures");
PLANLENS_ERROR(actual_rows, "expected the actual row count after 'rows='");
PLANLENS_ERROR(loops_keyword, "expected ' loops=' after the actual rows");
PLANLENS_ERROR(actual_loops, "expected the loop count after 'loops='");

#undef PLANLENS_ERROR
// clang-format on

/// Control class: raises pegtl::parse_error with the message above.
template <typename Rule>
using control = pegtl::must_if<errors>::control<Rule>;

}  // namespace planlens::grammar
