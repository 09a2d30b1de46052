# Warning and sanitizer settings for planlens's own targets (never imposed on
# projects that consume planlens).
include(GNUInstallDirs)

function(planlens_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${PLANLENS_WARNINGS_AS_ERRORS}>:/WX>)
  else()
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
                           $<$<BOOL:${PLANLENS_WARNINGS_AS_ERRORS}>:-Werror>)
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
