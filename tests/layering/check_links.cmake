# The link rules of the architecture, checked on the built binaries (cmake -DAPP=<arml-studio>
# -DBASE_LIBS=<lib,lib,...> -P): the desktop app loads no LibTorch library, and the objects of the
# LibTorch-free base libraries need no LibTorch symbol (at::, c10::, torch::).
# engine/CMakeLists.txt checks the same on the link graph when CMake configures.
set(_violations "")

if(APP)
  execute_process(COMMAND ldd "${APP}" OUTPUT_VARIABLE _ldd RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "ldd ${APP} failed (${_rc})")
  endif()
  # Load addresses go first: "(0x00007fc624c10000)" holds "c10" by chance.
  string(REGEX REPLACE "\\(0x[0-9a-fA-F]+\\)" "" _ldd "${_ldd}")
  string(REGEX MATCHALL "[^\n]*(torch|c10)[^\n]*" _torch_libs "${_ldd}")
  foreach(lib ${_torch_libs})
    string(STRIP "${lib}" lib)
    list(APPEND _violations "${APP} loads ${lib}")
  endforeach()
endif()

string(REPLACE "," ";" BASE_LIBS "${BASE_LIBS}")
foreach(archive ${BASE_LIBS})
  execute_process(COMMAND nm -C --undefined-only "${archive}" OUTPUT_VARIABLE _nm RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "nm ${archive} failed (${_rc})")
  endif()
  string(REGEX MATCHALL "[^\n]*[ (<,](at|c10|torch)::[^\n]*" _symbols "${_nm}")
  list(LENGTH _symbols _count)
  if(_count GREATER 0)
    list(GET _symbols 0 _first)
    string(STRIP "${_first}" _first)
    list(APPEND _violations "${archive} needs ${_count} LibTorch symbol(s), e.g. ${_first}")
  endif()
endforeach()

if(_violations)
  list(JOIN _violations "\n  " _list)
  message(FATAL_ERROR "LibTorch where the architecture has none:\n  ${_list}")
endif()
message(STATUS "layering: the app and the base libraries link no LibTorch")
