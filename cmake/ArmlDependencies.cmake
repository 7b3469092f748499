# Third-party packages, all from Debian 12 (packaging/install-deps.sh installs them).
# A CUDA build of LibTorch can be used instead by putting it on CMAKE_PREFIX_PATH.
find_package(Torch REQUIRED)
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)
find_package(PNG REQUIRED)  # engine/data reads and writes palette masks with libpng directly
find_package(PkgConfig REQUIRED)
pkg_check_modules(OPENSLIDE REQUIRED IMPORTED_TARGET openslide)
pkg_check_modules(LIBTIFF REQUIRED IMPORTED_TARGET libtiff-4)

# Debian's TorchConfig puts its flags in TORCH_CXX_FLAGS and its targets in TORCH_LIBRARIES.
add_library(arml_torch INTERFACE)
target_link_libraries(arml_torch INTERFACE ${TORCH_LIBRARIES})
target_include_directories(arml_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
separate_arguments(_torch_flags UNIX_COMMAND "${TORCH_CXX_FLAGS}")
target_compile_options(arml_torch INTERFACE ${_torch_flags})
include(ArmlTorchCuda)

# c10d's ProcessGroupGloo: LibTorch exports it, its header needs Gloo's headers (libgloo-dev) and
# USE_C10D_GLOO. Only engine/distributed includes it.
find_path(GLOO_INCLUDE_DIR gloo/config.h)
if(NOT GLOO_INCLUDE_DIR)
  message(FATAL_ERROR "Gloo's headers (gloo/config.h) are missing: apt-get install libgloo-dev")
endif()
add_library(arml_gloo INTERFACE)
target_include_directories(arml_gloo SYSTEM INTERFACE ${GLOO_INCLUDE_DIR})
target_compile_definitions(arml_gloo INTERFACE USE_C10D_GLOO)

set(ARML_QT_COMPONENTS Core Test)
if(ARML_BUILD_GUI)
  list(APPEND ARML_QT_COMPONENTS Gui Widgets Svg PrintSupport Concurrent LinguistTools)
endif()
find_package(Qt6 REQUIRED COMPONENTS ${ARML_QT_COMPONENTS})
if(ARML_BUILD_GUI)
  find_package(QCustomPlotQt6 REQUIRED)
endif()
