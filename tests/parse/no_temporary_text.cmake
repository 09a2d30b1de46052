# parse.no_temporary_text: parse_plan() refuses a temporary std::string (the
# plan would point into freed text) and still accepts what outlives the call.
#   cmake -DCXX=<compiler> -DINCLUDE=<include dir> -DWORK=<dir> -P no_temporary_text.cmake
file(MAKE_DIRECTORY ${WORK})
set(prelude "#include <planlens/expression.hpp>\n#include <planlens/parse.hpp>\n#include <string>\nusing namespace planlens;\n")
set(cases
  "ok_view|std::string_view t = \"Seq Scan on t\"\; auto r = parse_plan(t)\;"
  "ok_literal|auto r = parse_plan(\"Seq Scan on t\")\;"
  "ok_lvalue|std::string t = \"Seq Scan on t\"\; auto r = parse_plan(t)\;"
  "bad_temporary|auto r = parse_plan(std::string(\"Seq Scan on t\"))\;"
  "bad_moved|std::string t = \"Seq Scan on t\"\; auto r = parse_plan(std::move(t))\;"
  "ok_expression|std::string t = \"(a = 1)\"\; auto r = parse_expression(t).fully_parsed()\;"
  "ok_expression_literal|auto r = parse_expression(\"(a = 1)\").fully_parsed()\;"
  "bad_expression_temporary|auto r = parse_expression(std::string(\"(a = 1)\")).fully_parsed()\;"
  "ok_sort_item_literal|auto r = !parse_sort_item(\"a DESC\").expr.nodes.empty()\;"
  "bad_sort_item_temporary|auto r = !parse_sort_item(std::string(\"a DESC\")).expr.nodes.empty()\;"
  "ok_condition_literal|Plan p = parse_plan(\"Seq Scan on t\").value()\; auto r = parse_condition(p, p.root(), \"(a = 1)\").fully_parsed()\;"
  "bad_condition_temporary|Plan p = parse_plan(\"Seq Scan on t\").value()\; auto r = parse_condition(p, p.root(), std::string(\"(a = 1)\")).fully_parsed()\;")
set(failures "")
foreach(case IN LISTS cases)
  string(FIND "${case}" "|" bar)
  string(SUBSTRING "${case}" 0 ${bar} name)
  math(EXPR start "${bar} + 1")
  string(SUBSTRING "${case}" ${start} -1 body)
  file(WRITE ${WORK}/${name}.cpp "${prelude}int main() { ${body} return r ? 0 : 1; }\n")
  execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only -I${INCLUDE} ${WORK}/${name}.cpp
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(name MATCHES "^ok_" AND NOT code EQUAL 0)
    list(APPEND failures "${name} does not compile:\n${err}")
  elseif(name MATCHES "^bad_" AND code EQUAL 0)
    list(APPEND failures "${name} compiles, but the plan would point into a temporary")
  elseif(name MATCHES "^bad_" AND NOT err MATCHES "delete")
    list(APPEND failures "${name} fails for another reason than the deleted overload:\n${err}")
  endif()
endforeach()
if(failures)
  string(REPLACE ";" "\n" failures "${failures}")
  message(FATAL_ERROR "${failures}")
endif()
