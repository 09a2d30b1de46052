target_sources(planlens PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/advice.cpp
  ${CMAKE_CURRENT_LIST_DIR}/context.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sargable.cpp
  ${CMAKE_CURRENT_LIST_DIR}/filter_rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/join_order_rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/memory_rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/estimate_rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render.cpp
)
