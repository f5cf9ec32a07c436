# Apache Arrow C++ (with Parquet, Dataset, Acero, S3/GCS/Azure filesystems).
#
# An Arrow found by find_package(Arrow) wins. Otherwise we link against the
# C++ libraries and headers that the pinned pyarrow wheel ships in .venv:
# Debian does not package Arrow, and the wheel is built with every filesystem
# we need. Binaries get an rpath to the wheel's folder, so they run without
# LD_LIBRARY_PATH. Defines the targets flowfile::arrow and flowfile::parquet.

set(FLOWFILE_PYARROW_VERSION "26.0.1" CACHE STRING "pyarrow version whose Arrow C++ we link")

find_package(Arrow CONFIG QUIET)
if(Arrow_FOUND)
  find_package(Parquet CONFIG REQUIRED)
  find_package(ArrowDataset CONFIG REQUIRED)
  find_package(ArrowAcero CONFIG REQUIRED)
  add_library(flowfile::arrow INTERFACE IMPORTED)
  target_link_libraries(flowfile::arrow INTERFACE
    ArrowDataset::arrow_dataset_shared ArrowAcero::arrow_acero_shared Arrow::arrow_shared)
  add_library(flowfile::parquet INTERFACE IMPORTED)
  target_link_libraries(flowfile::parquet INTERFACE Parquet::parquet_shared)
  message(STATUS "Arrow ${Arrow_VERSION} from find_package")
  return()
endif()

find_package(Python3 COMPONENTS Interpreter REQUIRED)
execute_process(
  COMMAND "${Python3_EXECUTABLE}" -c
    "import pyarrow as pa; pa.create_library_symlinks(); print(pa.__version__); print(pa.get_include()); print(pa.get_library_dirs()[0])"
  OUTPUT_VARIABLE _pyarrow_out
  RESULT_VARIABLE _pyarrow_rc
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT _pyarrow_rc EQUAL 0)
  message(FATAL_ERROR "Arrow C++ not found: no find_package(Arrow) and no pyarrow in ${Python3_EXECUTABLE}. Run scripts/bootstrap.")
endif()
string(REPLACE "\n" ";" _pyarrow_out "${_pyarrow_out}")
list(GET _pyarrow_out 0 _pyarrow_version)
list(GET _pyarrow_out 1 FLOWFILE_ARROW_INCLUDE_DIR)
list(GET _pyarrow_out 2 FLOWFILE_ARROW_LIB_DIR)
if(NOT _pyarrow_version VERSION_EQUAL FLOWFILE_PYARROW_VERSION)
  message(FATAL_ERROR "pyarrow ${_pyarrow_version} found, ${FLOWFILE_PYARROW_VERSION} pinned. Run scripts/bootstrap.")
endif()
string(REGEX MATCH "^[0-9]+" _major "${_pyarrow_version}")
set(_so_version "${_major}00")

# Imports one of the wheel's shared libraries (libNAME.so.<major>00) as flowfile::arrow_NAME.
function(_flowfile_import_wheel_library name)
  set(_path "${FLOWFILE_ARROW_LIB_DIR}/lib${name}.so.${_so_version}")
  if(NOT EXISTS "${_path}")
    message(FATAL_ERROR "The pyarrow wheel lacks ${_path}")
  endif()
  add_library(flowfile::wheel_${name} SHARED IMPORTED)
  set_target_properties(flowfile::wheel_${name} PROPERTIES
    IMPORTED_LOCATION "${_path}"
    IMPORTED_SONAME "lib${name}.so.${_so_version}"
    INTERFACE_INCLUDE_DIRECTORIES "${FLOWFILE_ARROW_INCLUDE_DIR}")
  # The wheel's headers are not ours to fix: include them as system headers.
  set_property(TARGET flowfile::wheel_${name} PROPERTY
    INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${FLOWFILE_ARROW_INCLUDE_DIR}")
endfunction()

foreach(_lib arrow arrow_compute arrow_acero arrow_dataset arrow_s3 parquet)
  _flowfile_import_wheel_library(${_lib})
endforeach()

add_library(flowfile::arrow INTERFACE IMPORTED)
target_link_libraries(flowfile::arrow INTERFACE
  flowfile::wheel_arrow_dataset flowfile::wheel_arrow_acero flowfile::wheel_arrow_compute
  flowfile::wheel_arrow_s3 flowfile::wheel_arrow)
add_library(flowfile::parquet INTERFACE IMPORTED)
target_link_libraries(flowfile::parquet INTERFACE flowfile::wheel_parquet flowfile::arrow)
set(CMAKE_BUILD_RPATH "${FLOWFILE_ARROW_LIB_DIR}" CACHE INTERNAL "")
message(STATUS "Arrow ${_pyarrow_version} from the pyarrow wheel in ${FLOWFILE_ARROW_LIB_DIR}")
