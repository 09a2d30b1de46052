// The PEGTL grammar of one line of PostgreSQL EXPLAIN text (src/backend/
// commands/explain.c is the authority). A plan is parsed a line at a time;
// indentation and "->" arrows decide the tree outside the grammar.
//
//   node header   [indent][->  ][Parallel ][Async ]Name[ Backward][ using idx][ on [schema.]object[ alias]]
//                     [  (cost=S..T rows=R width=W)][ (actual [time=S..T ]rows=R loops=L) | (never executed)]
//   subplan label InitPlan 1 (returns $0) | SubPlan 2 | InitPlan expr_1 | SubPlan any_2 | CTE name
//   worker prefix Worker 0:  <property or "actual ...">
//
// Property lines ("Label: value") need no grammar beyond finding ": "; their
// values have small formats of their own, decoded on demand (property.hpp).
//
// Opt-in header for people extending the parser: it pulls in PEGTL.
// Rule names are the names the actions and the error messages refer to. A
// rule with an error message raises wherever it fails, so committed positions
// get rules of their own (time_separator, root_end) even for a common shape.
#pragma once

#include <tao/pegtl.hpp>

namespace planlens::grammar {

namespace pegtl = tao::pegtl;

// clang-format off
namespace rules {

using pegtl::alnum;
using pegtl::alpha;
using pegtl::digit;
using pegtl::eof;
using pegtl::if_must;
using pegtl::must;
using pegtl::not_at;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::two;

struct space : one< ' ' > {};
// A no-break space (U+00A0) stands for a space where a web page or a chat
// turned runs of spaces into them: around the arrow and before the figures.
struct nbsp : TAO_PEGTL_STRING( "\xC2\xA0" ) {};
struct blank : sor< one< ' ', '\t' >, nbsp > {};
struct spaces : plus< blank > {};
struct indentation : star< blank > {};
struct arrow : seq< TAO_PEGTL_STRING( "->" ), star< blank > > {};
struct dot : one< '.' > {};
struct dots : two< '.' > {};
struct close_paren : one< ')' > {};

// Numbers as PostgreSQL prints them: digits with an optional fraction.
struct digits : plus< digit > {};
struct number : seq< digits, opt< dot, digits > > {};

// Identifiers: "quoted" (with "" for a quote) or plain. A plain identifier
// never contains a space, a quote, a dot or a parenthesis.
struct quoted_identifier : seq< one< '"' >, star< sor< two< '"' >, not_one< '"' > > >, one< '"' > > {};
struct plain_identifier : plus< not_at< nbsp >, not_one< ' ', '\t', '"', '.', '(', ')', '\0' > > {};
struct identifier : sor< quoted_identifier, plain_identifier > {};

// Node name: capitalised words, and "(provider)" for Custom Scan. The name
// ends where the target (" on", " using") or the parenthesised figures begin.
struct name_word : seq< alpha, star< sor< alnum, one< '-', '_' > > > > {};
struct keyword_on : seq< TAO_PEGTL_STRING( "on" ), sor< space, eof > > {};
struct keyword_using : seq< TAO_PEGTL_STRING( "using" ), sor< space, eof > > {};
struct provider : seq< one< '(' >, not_at< TAO_PEGTL_STRING( "never " ) >,
                       plus< not_one< '(', ')', '=' > >, one< ')' > > {};
struct name_continuation : seq< space, not_at< keyword_on >, not_at< keyword_using >, sor< name_word, provider > > {};
struct node_name : seq< name_word, star< name_continuation > > {};

// Target: " using index", " on [schema.]object [alias]".
struct index_name : identifier {};
struct target_first : identifier {};
struct target_second : identifier {};
struct target_alias : identifier {};
struct using_index : if_must< TAO_PEGTL_STRING( " using " ), index_name > {};
struct qualified_name : seq< dot, must< target_second > > {};
struct alias_part : seq< space, not_at< one< '(' > >, target_alias > {};
struct on_target : seq< if_must< TAO_PEGTL_STRING( " on " ), target_first >, opt< qualified_name >, opt< alias_part > > {};
struct target : seq< opt< using_index >, opt< on_target > > {};

// The planner's estimates: (cost=S..T rows=R width=W)
struct startup_cost : number {};
struct total_cost : number {};
struct plan_rows : number {};
struct plan_width : digits {};
struct rows_after_cost : TAO_PEGTL_STRING( " rows=" ) {};
struct width_keyword : TAO_PEGTL_STRING( " width=" ) {};
struct cost_part : if_must< TAO_PEGTL_STRING( "(cost=" ), startup_cost, dots, total_cost,
                            rows_after_cost, plan_rows, width_keyword, plan_width, close_paren > {};

// What ANALYZE measured: (actual time=S..T rows=R loops=L), (actual rows=R loops=L)
struct startup_time : number {};
struct total_time : number {};
struct actual_rows : number {};
struct actual_loops : number {};
struct rows_keyword : TAO_PEGTL_STRING( "rows=" ) {};
struct loops_keyword : TAO_PEGTL_STRING( " loops=" ) {};
struct time_separator : one< ' ' > {};
struct actual_time : if_must< TAO_PEGTL_STRING( "time=" ), startup_time, dots, total_time, time_separator > {};
struct actual_part : seq< TAO_PEGTL_STRING( "(actual " ), opt< actual_time >,
                          must< rows_keyword, actual_rows, loops_keyword, actual_loops, close_paren > > {};
struct never_executed : TAO_PEGTL_STRING( "(never executed)" ) {};
struct measured : sor< actual_part, never_executed > {};
struct measurements : seq< opt< spaces, cost_part >, opt< spaces, measured > > {};

struct end_of_header : seq< star< blank >, eof > {};
/// A node header after its indentation and arrow.
struct node_header : seq< node_name, target, measurements, must< end_of_header > > {};
/// A child node line: indentation, "->", then a node header.
struct child_line : seq< indentation, arrow, must< node_header > > {};
/// A root node line has no arrow. Used to find plans in prose, so it avoids
/// committing until the figures start.
struct root_end : seq< star< blank >, eof > {};
struct root_line : seq< indentation, node_name, target, measurements, root_end > {};

// Labels that hang the next child under its parent.
// The subplan's name: a number up to PostgreSQL 18, "expr_1", "any_2",
// "exists_3", "minmax_1", ... from 19 on. "(returns $1,$2)" up to 16.
struct init_plan_returns : seq< TAO_PEGTL_STRING( " (returns " ), plus< not_one< ')' > >, one< ')' > > {};
struct plan_id : plus< sor< alnum, one< '_' > > > {};
struct init_plan_label : seq< TAO_PEGTL_STRING( "InitPlan " ), plan_id, opt< init_plan_returns > > {};
struct sub_plan_label : seq< TAO_PEGTL_STRING( "SubPlan " ), plan_id, opt< init_plan_returns > > {};
struct cte_label : seq< TAO_PEGTL_STRING( "CTE " ), identifier > {};
struct subplan_name : sor< init_plan_label, sub_plan_label, cte_label > {};
struct subplan_label : seq< indentation, subplan_name, star< space >, eof > {};

// "Worker 3:  " opens per-worker lines.
struct worker_number : digits {};
struct worker_prefix : seq< indentation, TAO_PEGTL_STRING( "Worker " ), worker_number, one< ':' >, spaces > {};

}  // namespace rules
// clang-format on

}  // namespace planlens::grammar
