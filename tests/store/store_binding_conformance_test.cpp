// Each sealed secret is bound to where it may be sent, in every backend:
// someone who can write the database but has no master key cannot point a
// connection elsewhere and keep its secrets usable. PostgreSQL stores
// written before the binding (schema 2) are re-sealed by migration 3.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "flowfile/connection_store.h"
#include "src/crypto/secret_envelope.h"
#include "src/store/postgres/pg_connection.h"
#include "tests/store/store_backends.h"
#include "tests/store/store_test_support.h"

namespace flowfile::store_testing {
namespace {

using enum SecretField;

struct RowEdit {
  std::string backend;
  std::string connection;  // a name of EveryFieldConnections() or "lake"
  std::string set;         // the SQL assignment
  std::string label;
  friend void PrintTo(const RowEdit& edit, std::ostream* out) { *out << edit.backend << ": " << edit.set; }
};

class DestinationBindingTest : public ::testing::TestWithParam<RowEdit> {
 protected:
  void SetUp() override {
    if (GetParam().backend == "postgresql") FLOWFILE_REQUIRE_POSTGRES();
    backend_ = MakeBackend(GetParam().backend);
    auto opened = backend_->OpenStore(MakeKeyring({1}));
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    store_ = std::move(*opened);
  }

  std::unique_ptr<StoreBackend> backend_;
  std::unique_ptr<ConnectionStore> store_;
};

TEST_P(DestinationBindingTest, EditingADestinationFieldInTheDatabaseMakesTheSecretsTampered) {
  ASSERT_TRUE(store_->Create(kLocalUserId, S3Connection("lake")).ok());
  for (const Connection& connection : EveryFieldConnections()) {
    ASSERT_TRUE(store_->Create(kLocalUserId, connection).ok()) << connection.info.connection_name;
  }
  const std::string& name = GetParam().connection;
  ASSERT_TRUE(store_->GetWithSecrets(kLocalUserId, name).ok());
  Status edited =
      backend_->RunBehindTheStore("UPDATE connections SET " + GetParam().set + " WHERE name = '" + name + "'");
  ASSERT_TRUE(edited.ok()) << edited.error().message();
  auto opened = store_->GetWithSecrets(kLocalUserId, name);
  ASSERT_FALSE(opened.ok()) << name << " still opens after " << GetParam().set;
  EXPECT_EQ(opened.error().code(), ErrorCode::kTampered) << opened.error().message();
  EXPECT_EQ(opened.error().message().find(kCanary), std::string::npos) << opened.error().message();
  // The other connections are untouched.
  EXPECT_TRUE(store_->GetWithSecrets(kLocalUserId, "gcs account").ok());
}

std::vector<RowEdit> Edits() {
  std::vector<RowEdit> edits;
  for (const std::string& backend : kBackendNames) {
    edits.push_back({backend, "lake", "endpoint_url = 'https://attacker.example'", "endpoint"});
    edits.push_back({backend, "s3 access key", "verify_ssl = 1", "verify_ssl"});
    edits.push_back({backend, "lake", "verify_ssl = 0", "verify_ssl_off"});
    edits.push_back({backend, "adls key", "azure_account_name = 'attackeraccount'", "account_key"});
    edits.push_back({backend, "adls sas", "azure_account_name = 'attackeraccount'", "account_sas"});
    edits.push_back({backend, "adls principal", "azure_tenant_id = 'attacker-tenant'", "tenant"});
  }
  return edits;
}

INSTANTIATE_TEST_SUITE_P(Backends, DestinationBindingTest, ::testing::ValuesIn(Edits()),
                         [](const auto& test) { return test.param.backend + "_" + test.param.label; });

// What a PostgreSQL store of schema 2 holds: the connection's secret sealed
// for an empty destination.
TEST(PostgresDestinationMigrationTest, SecretsOfSchema2AreResealedBoundWhenAnInstanceMigrates) {
  FLOWFILE_REQUIRE_POSTGRES();
  testing_support::TempPostgresDatabase database;
  const std::shared_ptr<const Keyring> keyring = MakeKeyring({1});
  auto store = OpenPostgresStore({database.url(), keyring});
  ASSERT_TRUE(store.ok()) << store.error().message();
  auto created = (*store)->Create(kLocalUserId, S3Connection("lake"));
  ASSERT_TRUE(created.ok()) << created.error().message();
  auto legacy = crypto::SealSecret(*keyring, {kLocalUserId, created->id, kAwsSecretAccessKey}, Secret("legacy"));
  ASSERT_TRUE(legacy.ok());
  auto raw = postgres::PgConnection::Connect(database.url());
  ASSERT_TRUE(raw.ok());
  ASSERT_TRUE((*raw)
                  ->Run("UPDATE connection_secrets SET envelope = $1 WHERE connection_id = $2",
                        postgres::Params().Bytes(*legacy).Int(created->id))
                  .ok());
  // The running (migrated) store does not take an unbound envelope.
  EXPECT_EQ((*store)->GetWithSecrets(kLocalUserId, "lake").error().code(), ErrorCode::kTampered);
  store->reset();
  ASSERT_TRUE((*raw)->Run("DROP TABLE key_holders, sealing_key").ok());  // of step 4
  ASSERT_TRUE((*raw)->Run("UPDATE schema_version SET version = 2 WHERE component = 'connections'").ok());

  auto migrated = OpenPostgresStore({database.url(), keyring});
  ASSERT_TRUE(migrated.ok()) << migrated.error().message();
  auto opened = (*migrated)->GetWithSecrets(kLocalUserId, "lake");
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  EXPECT_EQ(opened->secrets.get(kAwsSecretAccessKey).reveal(), "legacy");
  auto version = (*raw)->Exec("SELECT version FROM schema_version WHERE component = 'connections'");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->Int(0, 0), 4);

  // Now bound: pointing the row elsewhere makes it tampered.
  ASSERT_TRUE((*raw)->Run("UPDATE connections SET endpoint_url = 'https://attacker.example'").ok());
  EXPECT_EQ((*migrated)->GetWithSecrets(kLocalUserId, "lake").error().code(), ErrorCode::kTampered);
}

}  // namespace
}  // namespace flowfile::store_testing
