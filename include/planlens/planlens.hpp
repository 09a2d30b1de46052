// Everything public in one include: parsing, documents, the plan tree and its
// traversals, renderers, timing, hot nodes, expressions and advice.
// The grammar headers (<planlens/grammar/...>, target planlens::grammar) and
// the Catch2 helpers (<planlens/testing/catch2.hpp>) are opt-in and not here.
#pragma once

#include <planlens/version.hpp>

#include <planlens/result.hpp>
#include <planlens/source.hpp>
#include <planlens/node_kind.hpp>
#include <planlens/node.hpp>
#include <planlens/property.hpp>
#include <planlens/fields.hpp>
#include <planlens/plan.hpp>
#include <planlens/parse.hpp>
#include <planlens/document.hpp>
#include <planlens/traverse.hpp>

#include <planlens/pg_json.hpp>
#include <planlens/text.hpp>
#include <planlens/folded.hpp>
#include <planlens/html_report.hpp>

#include <planlens/node_facts.hpp>
#include <planlens/timing.hpp>
#include <planlens/buffers.hpp>
#include <planlens/hot_nodes.hpp>
#include <planlens/expression.hpp>
#include <planlens/advice.hpp>
#include <planlens/plan_diff.hpp>
