# Documents -> regions with unwrapped plan lines -> plans.
target_sources(planlens PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/context.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unwrap_rows.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unwrap.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unwrap_psql.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unwrap_wrappers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unwrap_psql_markup.cpp
  ${CMAKE_CURRENT_LIST_DIR}/document.cpp
  ${CMAKE_CURRENT_LIST_DIR}/block_plans.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parallel_plans.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_text.cpp
)
# EXPLAIN (FORMAT JSON / YAML / XML) output in documents.
target_sources(planlens PRIVATE ${CMAKE_CURRENT_LIST_DIR}/structured_blocks.cpp)
