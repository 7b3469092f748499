# Every string the app's sources mark for translation is in translations/arml_studio_zh_CN.ts with
# a Chinese translation. (tests/ui/test_translations checks the .ts file itself; this checks that
# the file still covers the code: lupdate is run on a copy, never on the source tree.)
#   -DLUPDATE=... -DGENERATE_PROJECT=<Qt's GenerateLUpdateProject.cmake> -DPROJECT_IN=<.lupdate/*.cmake>
#   -DTS=<arml_studio_zh_CN.ts> -DWORK=<scratch folder>
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${CMAKE_COMMAND}" -DIN_FILE=${PROJECT_IN} -DOUT_FILE=${WORK}/project.json
                        -P "${GENERATE_PROJECT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "could not make the lupdate project from ${PROJECT_IN}")
endif()
configure_file("${TS}" "${WORK}/zh_CN.ts" COPYONLY)
execute_process(COMMAND "${LUPDATE}" -silent -project "${WORK}/project.json" -no-obsolete -locations none
                        -ts "${WORK}/zh_CN.ts" RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lupdate failed on a copy of ${TS}")
endif()
file(READ "${WORK}/zh_CN.ts" updated)
string(REGEX MATCHALL "<source>[^<]*</source>[ \n]*<translation type=\"unfinished\"" missing "${updated}")
list(LENGTH missing count)
if(count GREATER 0)
  set(lines "")
  foreach(entry IN LISTS missing)
    string(REGEX REPLACE "^<source>([^<]*)</source>.*$" "\\1" text "${entry}")
    string(APPEND lines "\n  ${text}")
  endforeach()
  message(FATAL_ERROR "${count} string(s) of the sources have no Chinese translation in ${TS} "
                      "(run the update_translations target, then translate them):${lines}")
endif()
message(STATUS "every translatable string of the sources is translated in ${TS}")
