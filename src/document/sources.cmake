target_sources(planlens PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/document.cpp
)
