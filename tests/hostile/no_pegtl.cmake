# cmake -DDIR=include/planlens -P no_pegtl.cmake: fails when a public header
# includes a PEGTL header (<tao/...>) directly. The compile check in
# CMakeLists.txt catches indirect includes as well.
file(GLOB headers ${DIR}/*.hpp)
foreach(header ${headers})
  file(STRINGS ${header} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]tao/")
  if(includes)
    message(FATAL_ERROR "${header} includes PEGTL: ${includes}")
  endif()
endforeach()
list(LENGTH headers count)
message(STATUS "${count} public headers, none includes PEGTL")
