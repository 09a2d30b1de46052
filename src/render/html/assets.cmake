# The report's stylesheet and script are kept as plain files beside the
# renderer, readable and editable as CSS and JavaScript, and compiled into
# the library as string constants (render/html/assets.hpp in the build tree).
set(_planlens_html_dir ${CMAKE_CURRENT_LIST_DIR})
set(_planlens_assets_hpp ${PROJECT_BINARY_DIR}/generated/render/html/assets.hpp)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${_planlens_html_dir}/report.css ${_planlens_html_dir}/report.js ${_planlens_html_dir}/assets.hpp.in)
file(READ ${_planlens_html_dir}/report.css PLANLENS_REPORT_CSS)
file(READ ${_planlens_html_dir}/report.js PLANLENS_REPORT_JS)
foreach(asset PLANLENS_REPORT_CSS PLANLENS_REPORT_JS)
  string(FIND "${${asset}}" ")planlens_asset\"" _at)
  if(NOT _at EQUAL -1)
    message(FATAL_ERROR "${asset} contains the raw string delimiter )planlens_asset\"")
  endif()
endforeach()
configure_file(${_planlens_html_dir}/assets.hpp.in ${_planlens_assets_hpp} @ONLY)
target_include_directories(planlens PRIVATE ${PROJECT_BINARY_DIR}/generated ${PROJECT_SOURCE_DIR}/src)
