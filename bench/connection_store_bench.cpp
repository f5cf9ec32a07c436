// The SQLite connection store on a temp file: create, get with secrets
// (decrypt + last-used write + audit), get, get + record use (a data call
// whose filesystem is cached), and list of 1,000 connections.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "flowfile/connection_store.h"
#include "flowfile/keyring.h"
#include "tests/support/temp_directory.h"

namespace flowfile {
namespace {

constexpr int kStoredConnections = 1000;

Connection S3Connection(std::string name) {
  Connection connection;
  connection.info.connection_name = std::move(name);
  connection.info.storage_type = StorageType::kS3;
  connection.info.auth_method = AuthMethod::kAccessKey;
  connection.info.aws_region = "eu-west-1";
  connection.info.aws_access_key_id = "AKIAIOSFODNN7EXAMPLE";
  connection.secrets.set(SecretField::kAwsSecretAccessKey, Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  connection.secrets.set(SecretField::kAwsSessionToken, Secret("FwoGZXIvYXdzEXAMPLESESSIONTOKEN"));
  return connection;
}

// A store in its own temp directory, holding `count` connections c-0, c-1, ...
struct BenchStore {
  explicit BenchStore(int count) {
    auto keyring = Keyring::FromKeys({{1, Secret(std::string(kMasterKeySize, 'k'))}});
    auto opened = keyring.ok() ? OpenSqliteStore({dir.path() / "flowfile.db", *keyring})
                               : Result<std::unique_ptr<ConnectionStore>>(keyring.error());
    if (!opened.ok()) std::abort();
    store = std::move(*opened);
    for (int i = 0; i < count; ++i) {
      if (!store->Create(kLocalUserId, S3Connection("c-" + std::to_string(i))).ok()) std::abort();
    }
  }

  testing_support::TempDirectory dir;
  std::unique_ptr<ConnectionStore> store;
};

void BM_Create(benchmark::State& state) {
  BenchStore bench(0);
  int next = 0;
  for (auto _ : state) {
    auto created = bench.store->Create(kLocalUserId, S3Connection("new-" + std::to_string(next++)));
    if (!created.ok()) state.SkipWithError(created.error().message().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Create)->Unit(benchmark::kMicrosecond);

void BM_GetWithSecrets(benchmark::State& state) {
  BenchStore bench(kStoredConnections);
  int next = 0;
  for (auto _ : state) {
    auto connection = bench.store->GetWithSecrets(kLocalUserId, "c-" + std::to_string(next++ % kStoredConnections));
    if (!connection.ok()) state.SkipWithError(connection.error().message().c_str());
    benchmark::DoNotOptimize(connection);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetWithSecrets)->Unit(benchmark::kMicrosecond);

void BM_Get(benchmark::State& state) {
  BenchStore bench(kStoredConnections);
  int next = 0;
  for (auto _ : state) {
    auto info = bench.store->Get(kLocalUserId, "c-" + std::to_string(next++ % kStoredConnections));
    if (!info.ok()) state.SkipWithError(info.error().message().c_str());
    benchmark::DoNotOptimize(info);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Get)->Unit(benchmark::kMicrosecond);

// What a data call on a connection with a cached filesystem costs the store
// now: the public view and the "used" record, no secret opened (compare
// BM_GetWithSecrets, what it cost before).
void BM_GetAndRecordUse(benchmark::State& state) {
  BenchStore bench(kStoredConnections);
  int next = 0;
  for (auto _ : state) {
    auto info = bench.store->Get(kLocalUserId, "c-" + std::to_string(next++ % kStoredConnections));
    if (!info.ok() || !bench.store->RecordUse(kLocalUserId, *info).ok()) state.SkipWithError("RecordUse failed");
    benchmark::DoNotOptimize(info);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetAndRecordUse)->Unit(benchmark::kMicrosecond);

void BM_List1000(benchmark::State& state) {
  BenchStore bench(kStoredConnections);
  for (auto _ : state) {
    auto listed = bench.store->List(kLocalUserId);
    if (!listed.ok() || listed->size() != kStoredConnections) state.SkipWithError("List lost connections");
    benchmark::DoNotOptimize(listed);
  }
  state.SetItemsProcessed(state.iterations() * kStoredConnections);
}
BENCHMARK(BM_List1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace flowfile

BENCHMARK_MAIN();
