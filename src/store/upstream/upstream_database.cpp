#include "src/store/upstream/upstream_database.h"

#include <set>
#include <string_view>

#include "src/store/sqlite/sqlite_database.h"

namespace flowfile::store {
namespace {

// Upstream's secret reference columns and the secret each holds.
struct SecretColumn {
  std::string_view column;
  SecretField field;
};
constexpr SecretColumn kSecretColumns[] = {
    {"aws_secret_access_key_id", SecretField::kAwsSecretAccessKey},
    {"aws_session_token_id", SecretField::kAwsSessionToken},
    {"azure_account_key_id", SecretField::kAzureAccountKey},
    {"azure_client_secret_id", SecretField::kAzureClientSecret},
    {"azure_sas_token_id", SecretField::kAzureSasToken},
    {"gcs_service_account_key_id", SecretField::kGcsServiceAccountKey},
};

// Upstream's public text columns and where each goes in the row.
struct TextColumn {
  std::string_view column;
  std::string UpstreamConnectionRow::*member;
};
const TextColumn kTextColumns[] = {
    {"connection_name", &UpstreamConnectionRow::connection_name},
    {"storage_type", &UpstreamConnectionRow::storage_type},
    {"auth_method", &UpstreamConnectionRow::auth_method},
    {"aws_region", &UpstreamConnectionRow::aws_region},
    {"aws_access_key_id", &UpstreamConnectionRow::aws_access_key_id},
    {"aws_role_arn", &UpstreamConnectionRow::aws_role_arn},
    {"azure_account_name", &UpstreamConnectionRow::azure_account_name},
    {"azure_tenant_id", &UpstreamConnectionRow::azure_tenant_id},
    {"azure_client_id", &UpstreamConnectionRow::azure_client_id},
    {"gcs_project_id", &UpstreamConnectionRow::gcs_project_id},
    {"endpoint_url", &UpstreamConnectionRow::endpoint_url},
    {"extra_config", &UpstreamConnectionRow::extra_config},
};

Result<std::set<std::string>> ColumnsOf(sqlite::Database& db, std::string_view table) {
  FLOWFILE_ASSIGN_OR_RETURN(sqlite::Statement info, db.Prepare("SELECT name FROM pragma_table_info(?1)"));
  info.Bind(1, table);
  std::set<std::string> columns;
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(bool row, info.Step());
    if (!row) break;
    columns.insert(info.ColumnText(0));
  }
  return columns;
}

// "x" when the table has column x, else "NULL": a release without a column
// reads as if every row left it unset.
std::string ColumnOrNull(const std::set<std::string>& columns, std::string_view name) {
  return columns.count(std::string(name)) > 0 ? "c." + std::string(name) : "NULL";
}

}  // namespace

UpstreamDatabase::UpstreamDatabase(std::unique_ptr<sqlite::Database> db) : db_(std::move(db)) {}
UpstreamDatabase::~UpstreamDatabase() = default;

Result<std::unique_ptr<UpstreamDatabase>> UpstreamDatabase::Open(const std::filesystem::path& path) {
  FLOWFILE_ASSIGN_OR_RETURN(std::unique_ptr<sqlite::Database> db, sqlite::Database::OpenReadOnly(path));
  for (std::string_view table : {"cloud_storage_connections", "secrets"}) {
    auto columns = ColumnsOf(*db, table);
    if (!columns.ok() || columns->empty()) {
      return Error(ErrorCode::kInvalidArgument,
                   path.string() + " is not a Flowfile database: it has no " + std::string(table) +
                       " table. Point the import at the flowfile_catalog.db of a Flowfile installation (in "
                       "~/.flowfile/database).",
                   "path");
    }
  }
  return std::unique_ptr<UpstreamDatabase>(new UpstreamDatabase(std::move(db)));
}

Result<std::vector<UpstreamUser>> UpstreamDatabase::Users() {
  std::vector<UpstreamUser> users;
  FLOWFILE_ASSIGN_OR_RETURN(std::set<std::string> columns, ColumnsOf(*db_, "users"));
  if (columns.empty()) return users;
  FLOWFILE_ASSIGN_OR_RETURN(sqlite::Statement select, db_->Prepare("SELECT id, username FROM users ORDER BY id"));
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    users.push_back({select.ColumnInt(0), select.ColumnText(1)});
  }
  return users;
}

Result<std::vector<UpstreamConnectionRow>> UpstreamDatabase::CloudConnections() {
  FLOWFILE_ASSIGN_OR_RETURN(std::set<std::string> columns, ColumnsOf(*db_, "cloud_storage_connections"));
  // Column 0..2: id, user_id and the two flags; then the text columns; then
  // per secret column its id and the secret row's value.
  std::string sql = "SELECT c.id, " + ColumnOrNull(columns, "user_id") + ", " +
                    ColumnOrNull(columns, "aws_allow_unsafe_html") + ", " + ColumnOrNull(columns, "verify_ssl");
  for (const TextColumn& text : kTextColumns) sql += ", " + ColumnOrNull(columns, text.column);
  std::string joins;
  int alias = 0;
  for (const SecretColumn& secret : kSecretColumns) {
    const std::string reference = ColumnOrNull(columns, secret.column);
    const std::string s = "s" + std::to_string(alias++);
    sql += ", " + reference + ", " + s + ".encrypted_value";
    joins += " LEFT JOIN secrets " + s + " ON " + s + ".id = " + reference;
  }
  sql += " FROM cloud_storage_connections c" + joins + " ORDER BY c.id";
  FLOWFILE_ASSIGN_OR_RETURN(sqlite::Statement select, db_->Prepare(sql));

  std::vector<UpstreamConnectionRow> rows;
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(bool more, select.Step());
    if (!more) break;
    UpstreamConnectionRow row;
    int column = 0;
    row.id = select.ColumnInt(column++);
    row.user_id = select.ColumnInt(column++);
    for (std::optional<bool>* flag : {&row.aws_allow_unsafe_html, &row.verify_ssl}) {
      if (!select.ColumnIsNull(column)) *flag = select.ColumnInt(column) != 0;
      ++column;
    }
    for (const TextColumn& text : kTextColumns) row.*text.member = select.ColumnText(column++);
    for (const SecretColumn& secret : kSecretColumns) {
      const bool referenced = !select.ColumnIsNull(column++);
      const bool stored = !select.ColumnIsNull(column++);
      if (stored) {
        row.secrets.push_back({secret.field, select.ColumnText(column - 1)});
      } else if (referenced) {
        row.dangling_secrets.push_back(secret.field);
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace flowfile::store
