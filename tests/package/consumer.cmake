# Configures, builds and runs a consumer project from scratch, as its author
# would on a fresh checkout.
#   cmake -DSOURCE=dir -DBINARY=dir -DGENERATOR=... -DOPTIONS="-Da=b|-Dc=d" -DRUN="cmd|arg|..."
#         [-DCONFIGURE_ONLY=TRUE] -P consumer.cmake
# OPTIONS and RUN separate their items with '|' (CTest would split a ';' list).
string(REPLACE "|" ";" options "${OPTIONS}")
string(REPLACE "|" ";" run "${RUN}")
file(REMOVE_RECURSE ${BINARY})

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "${what} failed (${failed}): ${ARGN}")
  endif()
endfunction()

step("configure" ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G ${GENERATOR} ${options})
if(CONFIGURE_ONLY)
  return()
endif()
step("build" ${CMAKE_COMMAND} --build ${BINARY} --parallel 2)
if(run)
  step("run" ${run})
endif()
