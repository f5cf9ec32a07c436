# Warnings and sanitizers shared by every flowfile target.

add_library(flowfile_options INTERFACE)
target_compile_options(flowfile_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
# GCC 12 reports false -Wrestrict positives inside std::string at -O2/-O3
# (GCC bug 105329); the warning says nothing about our code there.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(flowfile_options INTERFACE -Wno-restrict)
endif()
if(FLOWFILE_WERROR)
  target_compile_options(flowfile_options INTERFACE -Werror)
endif()
if(FLOWFILE_SANITIZE)
  set(_sanitizers -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(flowfile_options INTERFACE ${_sanitizers})
  target_link_options(flowfile_options INTERFACE ${_sanitizers})
endif()
if(FLOWFILE_SANITIZE_THREAD)
  set(_tsan -fsanitize=thread -fno-omit-frame-pointer)
  target_compile_options(flowfile_options INTERFACE ${_tsan})
  target_link_options(flowfile_options INTERFACE ${_tsan})
endif()
