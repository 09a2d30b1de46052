target_sources(planlens PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/tree_index.cpp
  ${CMAKE_CURRENT_LIST_DIR}/facts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/match.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compare.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sites.cpp
  ${CMAKE_CURRENT_LIST_DIR}/headline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan_diff.cpp
  ${CMAKE_CURRENT_LIST_DIR}/diff_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/diff_markdown.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pairs.cpp
)
