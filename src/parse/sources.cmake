target_sources(planlens PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/line_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/node_names.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan_builder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tree_recovery.cpp
  ${CMAKE_CURRENT_LIST_DIR}/values.cpp
)
# EXPLAIN (FORMAT JSON / YAML / XML): readers -> fields -> text lines -> the same Plan.
target_sources(planlens PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/structured/json_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/structured/yaml_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/structured/xml_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/structured/reader_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/structured/explain_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/structured/structured_plan.cpp
)
target_sources(planlens PRIVATE ${CMAKE_CURRENT_LIST_DIR}/structured/field_types.cpp)
