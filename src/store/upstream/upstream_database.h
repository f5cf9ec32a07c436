// A read-only reader of an upstream Flowfile installation's SQLite database
// (the registry's `flowfile` package): its users and its cloud storage
// connections, secrets still sealed as upstream stored them. It never writes
// the file; the migration (service::ImportFlowfileDatabase) opens the
// secrets and stores the connections in our own store.
//
// Columns are read by name and a column a release lacks reads as unset, so
// the reader follows upstream's schema as it grows
// (flowfile_core/database/models.py: users, secrets,
// cloud_storage_connections). Not thread-safe: one reader per use.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/result.h"

namespace flowfile::sqlite {
class Database;
}

namespace flowfile::store {

struct UpstreamUser {
  std::int64_t id = 0;
  std::string username;
};

// One secret of an upstream connection, as stored: upstream's
// secrets.encrypted_value ("$ffsec$1$<user>$<Fernet token>" or a bare
// token). Ciphertext, yet kept out of every message all the same.
struct UpstreamSealedSecret {
  SecretField field = SecretField::kAwsSecretAccessKey;
  std::string encrypted_value;
};

// One row of cloud_storage_connections. Text fields are empty when NULL.
struct UpstreamConnectionRow {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string connection_name;
  std::string storage_type;  // upstream's words: "s3", "adls", "gcs"
  std::string auth_method;   // upstream's words: "access_key", "aws-cli", ...
  std::string aws_region;
  std::string aws_access_key_id;
  std::string aws_role_arn;
  std::string azure_account_name;
  std::string azure_tenant_id;
  std::string azure_client_id;
  std::string gcs_project_id;
  std::string endpoint_url;
  std::string extra_config;  // JSON text upstream keeps for "additional config"
  std::optional<bool> aws_allow_unsafe_html;
  std::optional<bool> verify_ssl;
  std::vector<UpstreamSealedSecret> secrets;
  // Secret fields whose id points at no row of `secrets` (a damaged database).
  std::vector<SecretField> dangling_secrets;
};

class UpstreamDatabase {
 public:
  // Opens `path` read-only. Errors: kNotFound (field "path") when there is no
  // such file; kInvalidArgument when it is not an upstream Flowfile database
  // (no cloud_storage_connections or secrets table).
  static Result<std::unique_ptr<UpstreamDatabase>> Open(const std::filesystem::path& path);
  ~UpstreamDatabase();
  UpstreamDatabase(const UpstreamDatabase&) = delete;
  UpstreamDatabase& operator=(const UpstreamDatabase&) = delete;

  // Every user, by id.
  Result<std::vector<UpstreamUser>> Users();
  // Every cloud storage connection of every user, by id.
  Result<std::vector<UpstreamConnectionRow>> CloudConnections();

 private:
  explicit UpstreamDatabase(std::unique_ptr<sqlite::Database> db);
  std::unique_ptr<sqlite::Database> db_;
};

}  // namespace flowfile::store
