# package.pkg_config: compiles and runs the consumer with nothing but
#   c++ main.cpp $(pkg-config --cflags --libs planlens)
#   cmake -DPKG_CONFIG=... -DPREFIX=... -DLIBDIR=... -DCXX=... -DSOURCE=main.cpp -DBINARY=dir -P pkg_config.cmake
set(ENV{PKG_CONFIG_PATH} ${PREFIX}/${LIBDIR}/pkgconfig)
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs planlens OUTPUT_VARIABLE flags RESULT_VARIABLE failed
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(failed)
  message(FATAL_ERROR "pkg-config --cflags --libs planlens failed")
endif()
execute_process(COMMAND ${PKG_CONFIG} --modversion planlens OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE)
message(STATUS "pkg-config --cflags --libs planlens: ${flags}")
separate_arguments(flags UNIX_COMMAND "${flags}")

file(REMOVE_RECURSE ${BINARY})
file(MAKE_DIRECTORY ${BINARY})
execute_process(COMMAND ${CXX} ${SOURCE} -o ${BINARY}/consumer "-DEXPECTED_VERSION=\"${version}\"" ${flags}
                RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "compiling with the pkg-config flags failed")
endif()
execute_process(COMMAND ${BINARY}/consumer RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "the program built with pkg-config failed")
endif()
