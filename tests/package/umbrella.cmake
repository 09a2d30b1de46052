# package.umbrella: <planlens/planlens.hpp> includes every public header
# (all of include/planlens/*.hpp; the opt-in testing/ and grammar/ are not).
#   cmake -DINCLUDE_DIR=<repo>/include -P umbrella.cmake
file(READ ${INCLUDE_DIR}/planlens/planlens.hpp umbrella)
file(GLOB headers RELATIVE ${INCLUDE_DIR} ${INCLUDE_DIR}/planlens/*.hpp)
set(missing "")
foreach(header ${headers})
  if(NOT header STREQUAL "planlens/planlens.hpp" AND NOT umbrella MATCHES "#include <${header}>")
    list(APPEND missing ${header})
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "include/planlens/planlens.hpp does not include: ${missing}")
endif()
