# package.cli_conventions: the command line behaves as tools and scripts
# expect (docs/api.md, "Command line"):
#   --help and --version; every verb answers --help (first or anywhere) on
#   stdout with exit 0; "-" reads standard input; exit codes 0 ok, 1 no plan
#   or a parse error (reported as FILE:LINE:COL: message), 2 usage; no colour
#   escapes when output is not a terminal.
# The verbs are read from `planlens --help`, so a new verb is checked too.
#   cmake -DCLI=<planlens> -DWRITEUP=<examples/writeup.md> -DWORK=<dir> -P cli_conventions.cmake
file(MAKE_DIRECTORY ${WORK})
set(failures "")
string(ASCII 27 escape)

# run(EXIT code [STDIN file] [STDOUT regex] [STDERR regex] ARGS ...)
function(run)
  cmake_parse_arguments(arg "" "EXIT;STDIN;STDOUT;STDERR;NO_STDOUT" "ARGS" ${ARGN})
  set(input "")
  if(arg_STDIN)
    set(input INPUT_FILE ${arg_STDIN})
  endif()
  execute_process(COMMAND ${CLI} ${arg_ARGS} ${input} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(what "planlens ${arg_ARGS}")
  if(NOT code STREQUAL arg_EXIT)
    list(APPEND failures "${what}: exit ${code}, expected ${arg_EXIT}\n  stderr: ${err}")
  endif()
  if(DEFINED arg_STDOUT AND NOT out MATCHES "${arg_STDOUT}")
    list(APPEND failures "${what}: stdout does not match '${arg_STDOUT}':\n${out}")
  endif()
  if(DEFINED arg_STDERR AND NOT err MATCHES "${arg_STDERR}")
    list(APPEND failures "${what}: stderr does not match '${arg_STDERR}':\n${err}")
  endif()
  if(out MATCHES "${escape}\\[" OR err MATCHES "${escape}\\[")
    list(APPEND failures "${what}: colour escapes in output that is not a terminal")
  endif()
  set(failures "${failures}" PARENT_SCOPE)
  set(last_stdout "${out}" PARENT_SCOPE)
endfunction()

file(WRITE ${WORK}/no_plan.txt "just prose, no plan\n")
file(WRITE ${WORK}/broken.md "# Broken\n\n```\nSeq Scan on t  (cost=0.00..x rows=1 width=4)\n```\n")

run(EXIT 0 ARGS --version STDOUT "^planlens [0-9]+\\.[0-9]+\\.[0-9]+\n$")
run(EXIT 0 ARGS --help STDOUT "^usage: planlens VERB")
set(help "${last_stdout}")
run(EXIT 0 ARGS -h STDOUT "^usage: planlens VERB")
run(EXIT 2 ARGS STDERR "usage: planlens VERB")
run(EXIT 2 ARGS no-such-verb STDERR "unknown verb")

# The verbs are the indented words under "verbs:" in the help.
string(REGEX REPLACE ".*\nverbs:\n" "" listing "${help}")
string(REGEX REPLACE "\n\n.*" "" listing "${listing}")
string(REGEX MATCHALL "(^|\n)  [a-z]+" verbs "${listing}")
list(TRANSFORM verbs STRIP)
list(LENGTH verbs count)
if(count LESS 6)
  list(APPEND failures "found only ${count} verbs in planlens --help: ${verbs}")
endif()
foreach(verb ${verbs})
  run(EXIT 0 ARGS ${verb} --help STDOUT "^usage: planlens ${verb}")
  run(EXIT 0 ARGS ${verb} ${WRITEUP} --help STDOUT "^usage: planlens ${verb}")
  run(EXIT 2 ARGS ${verb} --no-such-option ${WRITEUP} STDERR "planlens ${verb}: ")
endforeach()

# Standard input, plans found, no plan, a parse error.
foreach(verb extract stats advise show hot)
  run(EXIT 0 ARGS ${verb} - STDIN ${WRITEUP})
  run(EXIT 1 ARGS ${verb} - STDIN ${WORK}/no_plan.txt STDERR "<stdin>:1:1: no plan found")
  run(EXIT 1 ARGS ${verb} ${WORK}/broken.md STDERR "broken.md:4:[0-9]+: ")
  run(EXIT 1 ARGS ${verb} ${WORK}/does-not-exist.md STDERR "does-not-exist.md: ")
endforeach()
run(EXIT 0 ARGS convert --to text - STDIN ${WRITEUP} STDOUT "^Nested Loop  \\(cost=")
run(EXIT 0 ARGS convert --to pg-json ${WRITEUP} STDOUT "^\\[")
run(EXIT 2 ARGS convert ${WRITEUP} STDERR "--to pg-json, --to text or --to folded")

# NO_COLOR set, and piped: plain text either way.
set(ENV{NO_COLOR} 1)
run(EXIT 0 ARGS show ${WRITEUP})
run(EXIT 0 ARGS hot ${WRITEUP})

if(failures)
  string(REPLACE ";" "\n" failures "${failures}")
  message(FATAL_ERROR "CLI conventions broken:\n${failures}")
endif()
list(JOIN verbs ", " verbs)
message(STATUS "checked planlens --help, --version and verbs ${verbs}")
