# Warning and sanitizer settings for planlens's own targets (never imposed on
# projects that consume planlens).
include(GNUInstallDirs)

function(planlens_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${PLANLENS_WARNINGS_AS_ERRORS}>:/WX>)
  else()
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
                           $<$<BOOL:${PLANLENS_WARNINGS_AS_ERRORS}>:-Werror>)
    # GCC 12 false positives inside libstdc++, fixed in 13: std::string
    # concatenation at -O2 as a -Wrestrict overlap (bug 105329), and std::regex
    # (used by Catch2) as -Wmaybe-uninitialized under ASan at -O1 (bug 105562).
    # Keep them visible, not fatal.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      target_compile_options(${target} PRIVATE -Wno-error=restrict -Wno-error=maybe-uninitialized)
    endif()
  endif()
endfunction()

if(PLANLENS_SANITIZE)
  if(MSVC)
    message(FATAL_ERROR "PLANLENS_SANITIZE is for gcc and clang")
  endif()
  add_compile_options(-fsanitize=${PLANLENS_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${PLANLENS_SANITIZE})
endif()

# Coverage instrumentation for libFuzzer on everything, so the fuzzers see
# inside the library (the fuzz targets themselves add -fsanitize=fuzzer).
if(PLANLENS_BUILD_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# <planlens/version.hpp> is a plain header (no generated files to install or
# find); it must say the version project() says.
file(STRINGS ${PROJECT_SOURCE_DIR}/include/planlens/version.hpp planlens_version_line
     REGEX "^#define PLANLENS_VERSION_STRING ")
if(NOT planlens_version_line STREQUAL "#define PLANLENS_VERSION_STRING \"${PROJECT_VERSION}\"")
  message(FATAL_ERROR "include/planlens/version.hpp says '${planlens_version_line}' "
                      "but project() says ${PROJECT_VERSION}: update one of them")
endif()
