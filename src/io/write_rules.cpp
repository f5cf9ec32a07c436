#include "src/io/write_rules.h"

#include <string>

namespace flowfile::io {
namespace {

bool IsMerge(WriteMode mode) {
  return mode == WriteMode::kUpsert || mode == WriteMode::kUpdate || mode == WriteMode::kDelete;
}

// Parquet, CSV and JSON files take overwrite and append only.
Status CheckFileRules(const WriteRequest& request, std::string_view prefix) {
  const auto field = [prefix](std::string_view name) {
    return prefix.empty() ? std::string(name) : std::string(prefix) + "." + std::string(name);
  };
  if (request.mode != WriteMode::kOverwrite && request.mode != WriteMode::kAppend) {
    return InvalidField(field("write_mode"), "'" + std::string(WriteModeName(request.mode)) +
                                                 "' applies to Delta tables: use format 'delta', or overwrite or "
                                                 "append.");
  }
  if (!request.partition_by.empty())
    return InvalidField(field("partition_by"), "applies to Delta tables only: use format 'delta'.");
  if (!request.merge_keys.empty())
    return InvalidField(field("merge_keys"), "applies to Delta tables only: use format 'delta'.");
  if (request.track_changes)
    return InvalidField(field("track_changes"), "applies to Delta tables only: use format 'delta'.");
  return Status::Ok();
}

}  // namespace

Status CheckWriteRules(const WriteRequest& request, std::string_view prefix) {
  if (request.format != FileFormat::kDelta) return CheckFileRules(request, prefix);
  const auto field = [prefix](std::string_view name) {
    return prefix.empty() ? std::string(name) : std::string(prefix) + "." + std::string(name);
  };
  const std::string mode(WriteModeName(request.mode));
  if (IsMerge(request.mode) && request.merge_keys.empty()) {
    return InvalidField(field("merge_keys"), "must name at least one column when write_mode is '" + mode + "'.");
  }
  if (!IsMerge(request.mode) && !request.merge_keys.empty()) {
    return InvalidField(field("merge_keys"),
                        "applies to write_mode upsert, update or delete, not '" + mode + "'.");
  }
  if (request.track_changes && request.mode == WriteMode::kOverwrite) {
    return InvalidField(field("track_changes"),
                        "is not supported with write_mode 'overwrite' (its feed would be every row deleted and "
                        "inserted again): use 'append' or 'error' to create the table.");
  }
  return Status::Ok();
}

}  // namespace flowfile::io
