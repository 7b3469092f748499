# cmake -DARML=<built arml> -DOUT=<folder> -DVERSION=<x.y.z> -P ArmlManPages.cmake
# Writes groff man(7) pages from the CLI's own help: arml.1 (the common options and the verbs) and
# arml-<verb>.1 for every verb that `arml --help` lists. Fails when a help cannot be read.
foreach(v ARML OUT VERSION)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "ArmlManPages.cmake: -D${v}= is required")
  endif()
endforeach()
file(MAKE_DIRECTORY "${OUT}")
string(TIMESTAMP _date "%Y-%m-%d" UTC)

function(arml_help out_var)
  execute_process(COMMAND "${ARML}" ${ARGN} --help OUTPUT_VARIABLE _help RESULT_VARIABLE _rc ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0 OR _help STREQUAL "")
    message(FATAL_ERROR "`arml ${ARGN} --help` failed (${_rc}): ${_err}")
  endif()
  # CLI11 prints argv[0]; the page shows the installed name.
  string(REPLACE "${ARML}" "arml" _help "${_help}")
  set(${out_var} "${_help}" PARENT_SCOPE)
endfunction()

# Help text -> groff: backslashes escaped, control characters at line starts neutralised, shown as
# a no-fill block so CLI11's columns stay aligned.
function(arml_roff out_var text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

function(arml_write_page file name summary body see_also)
  arml_roff(_body "${body}")
  string(REPLACE "-" "\\-" _name_roff "${name}")
  arml_roff(_summary "${summary}")
  string(TOUPPER "${name}" _upper)
  set(_command "${name}")
  if(NOT name STREQUAL "arml-studio")
    string(REGEX REPLACE "^arml-" "arml " _command "${name}")  # arml-demo(1) is `arml demo`
  endif()
  file(WRITE "${file}"
".TH ${_upper} 1 \"${_date}\" \"arml ${VERSION}\" \"ARML Studio\"
.SH NAME
${_name_roff} \\- ${_summary}
.SH DESCRIPTION
The text below is the program's own help (\\fB${_command} \\-\\-help\\fR).
.PP
.nf
${_body}.fi
.SH SEE ALSO
${see_also}
")
endfunction()

arml_help(_main)
# Verbs: the lines after "Subcommands:" that begin with two spaces and a name.
string(REGEX REPLACE ".*\nSubcommands:\n" "" _subs "${_main}")
string(REPLACE "\n" ";" _sublines "${_subs}")
set(_verbs)
set(_see)
foreach(line IN LISTS _sublines)
  if(line MATCHES "^  ([a-z][a-z0-9-]*)  +(.*)$")
    list(APPEND _verbs "${CMAKE_MATCH_1}")
    set(_desc_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
    list(APPEND _see "\\fBarml\\-${CMAKE_MATCH_1}\\fR(1)")
  endif()
endforeach()
list(LENGTH _verbs _n)
if(_n LESS 5)
  message(FATAL_ERROR "found ${_n} verbs in `arml --help`, expected the full list:\n${_main}")
endif()
list(JOIN _see ",\n" _see_all)
string(REGEX MATCH "^[^\n]*" _first "${_main}")
string(REGEX REPLACE "^arml [^a-z]* " "" _summary "${_first}")
arml_write_page("${OUT}/arml.1" "arml" "${_summary}" "${_main}" "${_see_all},\n\\fBarml\\-studio\\fR(1)")
foreach(verb IN LISTS _verbs)
  arml_help(_h ${verb})
  arml_write_page("${OUT}/arml-${verb}.1" "arml-${verb}" "${_desc_${verb}}" "${_h}" "\\fBarml\\fR(1)")
endforeach()
message(STATUS "man pages: arml.1 and ${_n} verbs in ${OUT}")

# arml-studio(1) from the desktop application's own --help (offscreen: no display at build time).
if(DEFINED STUDIO AND NOT STUDIO STREQUAL "")
  set(ENV{QT_QPA_PLATFORM} offscreen)
  execute_process(COMMAND "${STUDIO}" --help OUTPUT_VARIABLE _studio RESULT_VARIABLE _rc ERROR_QUIET)
  if(NOT _rc EQUAL 0 OR NOT _studio MATCHES "--measure-startup|Project folder")
    message(FATAL_ERROR "`arml-studio --help` failed (${_rc}): ${_studio}")
  endif()
  string(REPLACE "${STUDIO}" "arml-studio" _studio "${_studio}")
  string(REGEX MATCH "\n([^\n]+)\n" _line "${_studio}")
  arml_write_page("${OUT}/arml-studio.1" "arml-studio" "${CMAKE_MATCH_1}" "${_studio}" "\\fBarml\\fR(1)")
endif()
