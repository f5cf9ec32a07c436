# Every third-party dependency, found once here. Versions are pinned by the
# Debian release (scripts/apt-packages.txt) and scripts/requirements.txt.

find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 2 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)
include(FlowfileArrow)
if(FLOWFILE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(FLOWFILE_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
