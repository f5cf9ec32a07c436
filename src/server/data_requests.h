// The read and write settings of the Cloud Storage Reader and Writer nodes,
// parsed from JSON. Errors are kInvalidArgument naming the field
// (prefixed with the node, e.g. "reader.path").
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "flowfile/data.h"
#include "flowfile/result.h"

namespace flowfile::server {

struct ReadSettings {
  std::string connection;
  ScanRequest scan;
};

struct WriteSettings {
  std::string connection;
  WriteRequest write;
};

// {connection, path, format, scan_mode: single_file|directory, hive_partitioning, csv: {...}}
Result<ReadSettings> ReadSettingsFromJson(const nlohmann::json& node, std::string_view prefix);
// {connection, path, format, compression, write_mode: overwrite|append, row_group_size, csv: {...}}
Result<WriteSettings> WriteSettingsFromJson(const nlohmann::json& node, std::string_view prefix);

}  // namespace flowfile::server
