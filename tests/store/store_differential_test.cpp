// The same random sequence of operations against SQLite and PostgreSQL
// must answer the same at every step and leave the same decrypted state.
#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/store/store_backends.h"

namespace flowfile::store_testing {
namespace {

using enum SecretField;

// What a user sees of one call: the outcome, and the public view's fields
// that do not depend on ids or the clock.
std::string Describe(const Result<ConnectionInfo>& result) {
  if (!result.ok()) return std::string(ErrorCodeName(result.error().code())) + ": " + result.error().message();
  std::ostringstream out;
  const ConnectionInfo& info = *result;
  out << info.connection_name << " " << StorageTypeName(info.storage_type) << " "
      << AuthMethodName(info.auth_method) << " region=" << info.aws_region << " key=" << info.aws_access_key_id
      << " endpoint=" << info.endpoint_url << " verify=" << info.verify_ssl << " v" << info.credentials_version
      << " secrets=";
  for (SecretField field : info.secrets_set) out << SecretFieldName(field) << ",";
  return out.str();
}

std::string Describe(const Status& status) {
  return status.ok() ? "ok" : std::string(ErrorCodeName(status.error().code())) + ": " + status.error().message();
}

// Every connection of `users`, with its secrets decrypted.
std::string State(ConnectionStore& store, const std::vector<UserId>& users) {
  std::ostringstream out;
  for (UserId user : users) {
    auto all = store.List(user);
    if (!all.ok()) return "List failed: " + all.error().message();
    for (const ConnectionInfo& info : *all) {
      out << "user " << (user == kLocalUserId ? "local" : "bob") << ": " << Describe(info);
      auto full = store.GetWithSecrets(user, info.connection_name);
      if (!full.ok()) return "GetWithSecrets failed: " + full.error().message();
      for (SecretField field : kAllSecretFields) {
        if (full->secrets.has(field))
          out << " " << SecretFieldName(field) << "=" << full->secrets.get(field).reveal();
      }
      out << "\n";
    }
  }
  return out.str();
}

class Player {
 public:
  explicit Player(unsigned seed) : random_(seed) {}

  // One random operation, described the same way whatever the backend.
  std::string Step(ConnectionStore& store, const std::vector<UserId>& users, int& key_versions) {
    const UserId user = users[Pick(users.size())];
    const std::string name = Name();
    switch (Pick(8)) {
      case 0:
        return "create " + name + " -> " + Describe(store.Create(user, S3Connection(name, Value())));
      case 1: {
        auto outcome = store.CreateIfNotExists(user, S3Connection(name, Value()));
        if (!outcome.ok()) return "create-if-not-exists " + name + " -> " + Describe(outcome.status());
        return "create-if-not-exists " + name + " -> " + (outcome->created ? "created " : "existed ") +
               Describe(outcome->connection);
      }
      case 2: {
        auto stored = store.Get(user, name);
        ConnectionUpdate update;
        if (stored.ok() && Pick(2) == 0) {
          update.info = *stored;
          update.info->aws_region = Pick(2) == 0 ? "us-east-1" : "eu-north-1";
        }
        if (Pick(2) == 0) update.secrets.set(kAwsSecretAccessKey, Secret(Value()));
        if (Pick(3) == 0) update.secrets.set(kAwsSessionToken, Secret(Value()));
        if (Pick(3) == 0) update.clear_secrets.push_back(kAwsSessionToken);
        return "update " + name + " -> " + Describe(store.Update(user, name, update));
      }
      case 3: {
        const std::string to = Name();
        return "rename " + name + " " + to + " -> " + Describe(store.Rename(user, name, to));
      }
      case 4:
        return "delete " + name + " -> " + Describe(store.Delete(user, name));
      case 5: {
        auto full = store.GetWithSecrets(user, name);
        if (!full.ok()) return "get-with-secrets " + name + " -> " + Describe(full.status());
        return "get-with-secrets " + name + " -> " + Describe(full->info) + " " +
               std::string(full->secrets.get(kAwsSecretAccessKey).reveal());
      }
      case 6:
        if (Pick(4) != 0) return "get " + name + " -> " + Describe(store.Get(user, name));
        {
          std::vector<std::uint32_t> versions;
          ++key_versions;
          for (int v = 1; v <= key_versions; ++v) versions.push_back(static_cast<std::uint32_t>(v));
          return "rotate -> " + Describe(store.ReencryptSecrets(MakeKeyring(versions)));
        }
      default: {
        auto log = store.AuditLog(user, 3);
        std::string actions = "audit ->";
        for (const AuditEvent& event : *log) {
          actions +=
              " " + event.action + "(" + event.connection_name + ", " + event.outcome + ", " + event.detail + ")";
        }
        return actions;
      }
    }
  }

 private:
  std::size_t Pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_); }
  std::string Name() { return std::vector<std::string>{"lake", "pond", "Sea", "bay"}[Pick(4)]; }
  std::string Value() { return "secret-" + std::to_string(Pick(1000)); }

  std::mt19937 random_;
};

TEST(StoreDifferentialTest, RandomOperationsGiveTheSameAnswersAndDecryptedState) {
  FLOWFILE_REQUIRE_POSTGRES();
  SqliteBackend sqlite_backend;
  PostgresBackend postgres_backend;
  auto sqlite = sqlite_backend.OpenStore(MakeKeyring({1}));
  auto postgres = postgres_backend.OpenStore(MakeKeyring({1}));
  ASSERT_TRUE(sqlite.ok()) << sqlite.error().message();
  ASSERT_TRUE(postgres.ok()) << postgres.error().message();
  auto sqlite_bob = (*sqlite)->CreateUser("bob");
  auto postgres_bob = (*postgres)->CreateUser("bob");
  ASSERT_TRUE(sqlite_bob.ok() && postgres_bob.ok());
  ASSERT_EQ(*sqlite_bob, *postgres_bob);
  const std::vector<UserId> users = {kLocalUserId, *sqlite_bob};

  int sqlite_keys = 1;  // master key versions so far
  int postgres_keys = 1;
  for (unsigned seed : {1u, 2u, 3u}) {
    Player on_sqlite(seed);
    Player on_postgres(seed);
    for (int step = 0; step < 150; ++step) {
      const std::string expected = on_sqlite.Step(**sqlite, users, sqlite_keys);
      const std::string actual = on_postgres.Step(**postgres, users, postgres_keys);
      ASSERT_EQ(actual, expected) << "seed " << seed << ", step " << step;
    }
    const std::string state = State(**sqlite, users);
    EXPECT_FALSE(state.empty());
    ASSERT_EQ(State(**postgres, users), state) << "seed " << seed;
  }
}

}  // namespace
}  // namespace flowfile::store_testing
