// What a connection's storage answers a front end: the outcome of a
// connection test and a page of a folder listing. Built from public views
// and masked provider text only: never a secret.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace flowfile {

struct ConnectionTestResult {
  bool ok = false;
  std::string check;       // what was tried, e.g. "list s3://bucket/prefix"
  std::string message;     // cleaned: never a secret
  std::string error_code;  // ErrorCodeName of the failure ("access_denied"); empty when ok
};

struct BrowseEntry {
  std::string path;  // full URI
  bool is_directory = false;
  std::int64_t size = 0;
};

struct BrowsePage {
  std::vector<BrowseEntry> entries;
  std::string next_page_token;  // empty on the last page
};

}  // namespace flowfile
