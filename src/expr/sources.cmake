target_sources(planlens PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/lexer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scope.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sexpr.cpp
)
