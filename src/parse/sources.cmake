target_sources(planlens PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/line_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/node_names.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan_builder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tree_recovery.cpp
  ${CMAKE_CURRENT_LIST_DIR}/values.cpp
)
