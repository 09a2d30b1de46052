# package.install: `cmake --install` of the build into an empty PREFIX, then
# checks the files a consumer relies on and runs the installed CLI.
#   cmake -DBUILD_DIR=... -DPREFIX=... -DCONFIG=... -DVERSION=... -DLIBDIR=... -DCLI=ON|OFF -P install.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX} --config ${CONFIG}
                RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "cmake --install failed")
endif()

foreach(file include/planlens/planlens.hpp include/planlens/version.hpp include/planlens/testing/catch2.hpp
             include/planlens/grammar/line_grammar.hpp
             ${LIBDIR}/cmake/planlens/planlensConfig.cmake ${LIBDIR}/cmake/planlens/planlensConfigVersion.cmake
             ${LIBDIR}/cmake/planlens/planlensTargets.cmake ${LIBDIR}/pkgconfig/planlens.pc)
  if(NOT EXISTS ${PREFIX}/${file})
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()
# Only what consumers need: no sources or private headers of the build.
file(GLOB_RECURSE installed RELATIVE ${PREFIX} ${PREFIX}/*)
foreach(file ${installed})
  if(file MATCHES "\\.(cpp|cmake\\.in|pc\\.in)$" OR file MATCHES "^include/(cli|render|parse|analysis)/")
    message(FATAL_ERROR "installed but private: ${file}")
  endif()
endforeach()

if(CLI)
  execute_process(COMMAND ${PREFIX}/bin/planlens --version OUTPUT_VARIABLE out RESULT_VARIABLE failed)
  if(failed OR NOT out STREQUAL "planlens ${VERSION}\n")
    message(FATAL_ERROR "installed bin/planlens --version printed '${out}' (exit ${failed}), expected 'planlens ${VERSION}'")
  endif()
endif()
message(STATUS "installed into ${PREFIX}")
