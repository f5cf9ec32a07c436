// The rows behind saved flows, as every store backend keeps them (beside
// ConnectionStore and AccountRecords). A flow is a named document (the
// canvas's nodes and edges as JSON text) owned by one user: every call names
// the user, and another user's flow is never found, renamed or deleted.
// The rules (names, what a document may hold, messages) live in the service,
// which works over this interface only; a backend stores and finds, each
// call in one transaction. Safe for use from several threads and processes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/result.h"
#include "flowfile/secret.h"
#include "flowfile/user.h"

namespace flowfile::store {

struct FlowRow {
  std::int64_t id = 0;
  std::string name;
  std::string document;         // empty in List's rows
  std::int64_t created_at = 0;  // unix milliseconds
  std::int64_t updated_at = 0;
};

enum class FlowRename { kRenamed, kNotFound, kNameTaken };

class FlowRecords {
 public:
  virtual ~FlowRecords() = default;

  // nullopt when the user has a flow of that name already.
  virtual Result<std::optional<FlowRow>> InsertFlow(UserId user, std::string_view name, std::string_view document,
                                                    std::int64_t now) = 0;
  // nullopt when the user has no flow of that name.
  virtual Result<std::optional<FlowRow>> FindFlow(UserId user, std::string_view name) = 0;
  // The user's flows by name (bytewise), without their documents.
  virtual Result<std::vector<FlowRow>> ListFlows(UserId user) = 0;
  // Replaces the document; nullopt when the user has no flow of that name.
  virtual Result<std::optional<FlowRow>> ReplaceFlow(UserId user, std::string_view name, std::string_view document,
                                                     std::int64_t now) = 0;
  virtual Result<FlowRename> RenameFlow(UserId user, std::string_view from, std::string_view to,
                                        std::int64_t now) = 0;
  // False when the user has no flow of that name.
  virtual Result<bool> DeleteFlow(UserId user, std::string_view name) = 0;
};

// The flow table in the SQLite store file at `path` (created and migrated);
// the connection store of that file must be open already, as it owns the
// users table.
Result<std::unique_ptr<FlowRecords>> OpenSqliteFlowRecords(const std::filesystem::path& path);

// The PostgreSQL backend registers its opener here (EnablePostgresStore), so
// binaries without libpq (the Python module) link without it.
using PostgresFlowRecordsOpener = Result<std::unique_ptr<FlowRecords>> (*)(const Secret& url);
void RegisterPostgresFlowRecords(PostgresFlowRecordsOpener open);
// nullptr in a binary without the PostgreSQL backend.
PostgresFlowRecordsOpener RegisteredPostgresFlowRecords();
// The flow table in the PostgreSQL database of `url`, created and migrated.
Result<std::unique_ptr<FlowRecords>> OpenPostgresFlowRecords(const Secret& url);

}  // namespace flowfile::store
