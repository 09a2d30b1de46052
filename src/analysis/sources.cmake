target_sources(planlens PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/subplans.cpp
  ${CMAKE_CURRENT_LIST_DIR}/timing.cpp
  ${CMAKE_CURRENT_LIST_DIR}/buffers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hot_nodes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hot_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/node_facts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/number_text.cpp
)
