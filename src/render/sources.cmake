target_sources(planlens PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/json_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/buffer_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pg_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/folded.cpp
)

# The HTML report (planlens report): one function per part of the page.
target_sources(planlens PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/html/writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/html/format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/html/report.cpp
  ${CMAKE_CURRENT_LIST_DIR}/html/plan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/html/tree.cpp
  ${CMAKE_CURRENT_LIST_DIR}/html/flame.cpp
  ${CMAKE_CURRENT_LIST_DIR}/html/diff.cpp
)
include(${CMAKE_CURRENT_LIST_DIR}/html/assets.cmake)
