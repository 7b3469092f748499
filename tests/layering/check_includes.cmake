# The include rules of the architecture, checked on the sources (cmake -DSOURCE_DIR=<checkout> -P):
#   - engine/ includes no Qt;
#   - the LibTorch-free base (engine/core, data, eval, slide, run) includes no LibTorch and no engine
#     module outside the base;
#   - the GUI (ui/, widgets/, app/studio) includes no LibTorch and, of the engine, only the base and
#     the plugin boundary interactive/interactive_engine.h;
#   - widgets/ (library arml_widgets: painting and input, no application logic) includes nothing of
#     ui/ (the pages and controllers built on the widgets) nor of app/;
#   - ui/ is grouped by feature (ui/<feature>/<name>.h): nothing includes a header directly under ui/.
# Every broken rule is listed; the test fails when there is one.
if(NOT IS_DIRECTORY "${SOURCE_DIR}/engine")
  message(FATAL_ERROR "SOURCE_DIR must be the checkout, got '${SOURCE_DIR}'")
endif()

set(_base_modules core data eval slide run)
set(_engine_modules core data eval slide run compute tensors models cam train slide_inference interactive)
list(JOIN _engine_modules "|" _engine_alt)
list(JOIN _base_modules "|" _base_alt)
set(_qt "^Qt?[A-Z][A-Za-z]*(/|$)|^Qt[A-Za-z]*/")
set(_libtorch "^(torch|ATen|c10|caffe2)/|(^|/)torch_compat\\.h$")
set(_engine_header "^(${_engine_alt})/")
set(_base_header "^(${_base_alt})/")

set(_violations "")

# Adds "<file>: #include <header> (<why>)" to _violations for each include of a source under
# `folders` (relative to SOURCE_DIR) whose header matches `forbidden` and not `allowed`.
function(_check folders forbidden allowed why)
  set(_globs "")
  foreach(folder ${folders})
    list(APPEND _globs "${SOURCE_DIR}/${folder}/*.h" "${SOURCE_DIR}/${folder}/*.cpp")
  endforeach()
  file(GLOB_RECURSE _files ${_globs})
  foreach(file ${_files})
    file(STRINGS "${file}" _includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(line ${_includes})
      string(REGEX MATCH "[<\"]([^>\"]+)[>\"]" _ "${line}")
      set(header "${CMAKE_MATCH_1}")
      if(header MATCHES "${forbidden}" AND (allowed STREQUAL "" OR NOT header MATCHES "${allowed}"))
        file(RELATIVE_PATH _rel "${SOURCE_DIR}" "${file}")
        list(APPEND _violations "${_rel}: #include ${header} (${why})")
      endif()
    endforeach()
  endforeach()
  set(_violations "${_violations}" PARENT_SCOPE)
endfunction()

_check("engine" "${_qt}" "" "the engine has no Qt")
list(TRANSFORM _base_modules PREPEND "engine/" OUTPUT_VARIABLE _base_folders)
_check("${_base_folders}" "${_libtorch}" "" "the base is LibTorch-free")
_check("${_base_folders}" "${_engine_header}" "${_base_header}" "the base includes only the base")
set(_gui_folders ui widgets app/studio)
_check("${_gui_folders}" "${_libtorch}" "" "the GUI does not link LibTorch")
_check("${_gui_folders}" "${_engine_header}" "${_base_header}|^interactive/interactive_engine\\.h$"
       "the GUI reaches the LibTorch engine only through interactive/interactive_engine.h")
_check("widgets" "^(ui|app)/" "" "widgets/ does not see ui/: ui/ builds on the widgets, not the other way")
_check("ui;app/studio;tests/ui;bench" "^ui/[^/]+$" "" "ui/ is grouped by feature: include ui/<feature>/<name>.h")

if(_violations)
  list(LENGTH _violations _count)
  list(JOIN _violations "\n  " _list)
  message(FATAL_ERROR "${_count} layering rule(s) broken:\n  ${_list}")
endif()
message(STATUS "layering: include rules hold")
