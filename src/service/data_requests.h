// The read and write settings of the Cloud Storage Reader and Writer nodes
// and of the data API, parsed from JSON (or a write's query string). Errors
// are kInvalidArgument naming the field (prefixed with the node, e.g.
// "reader.path"). In the service because a saved flow's nodes hold the same
// settings: the server's data API and the service's flow runs parse them
// with one set of rules.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/data.h"
#include "flowfile/flow.h"
#include "flowfile/result.h"

namespace flowfile::service {

struct WriteSettings {
  std::string connection;
  WriteRequest write;
};

// {connection, path, format, scan_mode: single_file|directory, hive_partitioning, version, timestamp,
//  changes_since, include_change_preimage (delta), snapshot_id (iceberg), csv: {...}}; an empty or absent
//  connection is "no connection (local credentials)".
Result<FrameSpec> ReadSettingsFromJson(const nlohmann::json& node, std::string_view prefix);
// The read settings plus {select: [names], filters: [{column, op, value}], limit}.
Result<FrameSpec> FrameSpecFromJson(const nlohmann::json& node);
// Sets plan's projection, filters and limit from node's select, filters and
// limit (absent ones leave plan as it is), then applies node's steps
// ([{kind, id?, settings}] as a flow's transform nodes, see StepsFromJson):
// how a flow run, whose read settings are in its reader node, gets the
// transforms between its nodes.
Status TransformsFromJson(const nlohmann::json& node, FrameSpec& plan);
// One call a server-mode frame's user made: select, filter or limit, or a
// step the engine runs after the read (sort, rename, add_column).
struct FrameCall {
  enum class Kind { kSelect, kFilter, kLimit, kStep };
  Kind kind = Kind::kLimit;
  std::vector<std::string> columns;  // kSelect
  ColumnFilter filter;               // kFilter
  std::int64_t limit = 0;            // kLimit
  FrameStep step;                    // kStep
};
// node's "calls" (absent: none), each {select: [names]}, {filter: {column,
// op, value}}, {limit: rows}, or {sort|rename|add_column: settings} with the
// settings of a flow's node of that kind: how a server-mode frame sends the
// calls its user made, so the client keeps no plan rules of its own.
// Comparison errors are the engine's, as an embedded frame raises them.
Result<std::vector<FrameCall>> FrameCallsFromJson(const nlohmann::json& node);
// `frame` with `calls` applied in order: select, filter and limit go into
// the read (as LazyFrame's Select, Filter and Limit do) until the first
// step; that step and every call after it become steps (frame_calls.cpp).
void ApplyFrameCalls(FrameSpec& frame, const std::vector<FrameCall>& calls);
// {connection, path, format, compression, write_mode: overwrite|append|error|upsert|update|delete,
//  row_group_size, partition_by, merge_keys, track_changes (delta), csv: {...}}
Result<WriteSettings> WriteSettingsFromJson(const nlohmann::json& node, std::string_view prefix);
// The same settings as flat query parameters (csv options unnested:
// delimiter, quote, has_header, encoding); unknown parameters are refused.
Result<WriteSettings> WriteSettingsFromQuery(const std::multimap<std::string, std::string>& params);

}  // namespace flowfile::service
