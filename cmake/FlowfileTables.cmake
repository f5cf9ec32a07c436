# flowfile_tables: our Rust library over delta_kernel (rust/flowfile_tables),
# built by cargo from crates.io with the versions Cargo.lock pins.
#
# Cargo's intermediate artifacts (every dependency compiled) live outside the
# clone, in ${XDG_CACHE_HOME:-~/.cache}/flowfile/cargo-build, so another
# build tree, worktree or CI's fresh clone on this machine compiles only what
# changed; the final archive goes into this build tree, so two trees never
# overwrite each other's (cmake/cargo_build_tables.sh says how). cargo runs
# niced on 2 jobs: the machine is shared.
find_program(FLOWFILE_CARGO cargo HINTS "$ENV{CARGO_HOME}/bin" "$ENV{HOME}/.cargo/bin" REQUIRED)

if(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
  set(_flowfile_cache "$ENV{XDG_CACHE_HOME}")
else()
  set(_flowfile_cache "$ENV{HOME}/.cache")
endif()
set(FLOWFILE_CARGO_BUILD_DIR "${_flowfile_cache}/flowfile/cargo-build" CACHE PATH
    "Where cargo keeps the compiled Rust dependencies (shared between build trees)")
set(FLOWFILE_CARGO_JOBS 2 CACHE STRING "Parallel jobs of the cargo build")

set(_tables_dir "${PROJECT_SOURCE_DIR}/rust/flowfile_tables")
set(_tables_target "${PROJECT_BINARY_DIR}/cargo")
set(_tables_lib "${_tables_target}/release/libflowfile_tables.a")
file(GLOB_RECURSE _tables_sources CONFIGURE_DEPENDS "${_tables_dir}/src/*.rs")

add_custom_command(
  OUTPUT "${_tables_lib}"
  COMMAND "${CMAKE_CURRENT_LIST_DIR}/cargo_build_tables.sh" "${FLOWFILE_CARGO}" "${_tables_dir}/Cargo.toml"
          "${_tables_target}" "${FLOWFILE_CARGO_BUILD_DIR}" ${FLOWFILE_CARGO_JOBS}
  DEPENDS ${_tables_sources} "${_tables_dir}/Cargo.toml" "${_tables_dir}/Cargo.lock"
          "${CMAKE_CURRENT_LIST_DIR}/cargo_build_tables.sh"
  COMMENT "cargo build flowfile_tables (Rust: delta_kernel, iceberg)"
  USES_TERMINAL)
add_custom_target(flowfile_tables_cargo DEPENDS "${_tables_lib}")

find_package(Threads REQUIRED)
add_library(flowfile_tables STATIC IMPORTED GLOBAL)
set_target_properties(flowfile_tables PROPERTIES
  IMPORTED_LOCATION "${_tables_lib}"
  INTERFACE_INCLUDE_DIRECTORIES "${_tables_dir}/include"
  # What rustc --print native-static-libs names for this archive on Linux.
  INTERFACE_LINK_LIBRARIES "Threads::Threads;dl;m;rt;util")
add_dependencies(flowfile_tables flowfile_tables_cargo)
