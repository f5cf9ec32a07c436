// The connection store on both backends, beside the raw rate of the same
// database in the same run: create, get with secrets (decrypt + last-used
// write + audit), list of 1 and of 1,000 connections, at 1 and 16
// concurrent clients (threads sharing one store, as a server's request
// threads do); and plain inserts and point selects through the database's
// own client (libpq, sqlite3), one connection per thread. Items per second
// are operations per second over all threads. PostgreSQL needs
// FLOWFILE_TEST_POSTGRES_URL (scripts/services/postgres start DIR).
#include <benchmark/benchmark.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "bench/bench_databases.h"

namespace flowfile::bench {
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

// One database per backend for the whole run: the local user holds 1,000
// connections c-0 ... c-999, user "solo" one, user "writer" what the create
// benchmark adds.
struct Fixture {
  explicit Fixture(Backend backend) {
    if (backend == kSqlite) {
      database = std::make_unique<SqliteBench>();
    } else {
      database = std::make_unique<PostgresBench>();
    }
    store = database->OpenStore();
    for (int i = 0; i < kStoredConnections; ++i) {
      Must(store->Create(kLocalUserId, S3Connection("c-" + std::to_string(i))).status());
    }
    auto made_solo = store->CreateUser("solo");
    auto made_writer = store->CreateUser("writer");
    if (!made_solo.ok() || !made_writer.ok()) std::abort();
    solo = *made_solo;
    writer = *made_writer;
    Must(store->Create(solo, S3Connection("only")).status());
  }

  std::unique_ptr<BenchDatabase> database;
  std::unique_ptr<ConnectionStore> store;
  UserId solo = 0;
  UserId writer = 0;
  std::atomic<std::int64_t> next{0};
};

// Per backend; cleared by main before static destruction, while libpq,
// OpenSSL and the stores' heartbeat threads can still shut down in order.
std::map<int, std::unique_ptr<Fixture>>& Fixtures() {
  static std::map<int, std::unique_ptr<Fixture>> fixtures;
  return fixtures;
}

// Made by the first thread of the first benchmark that needs it.
Fixture& FixtureOf(const benchmark::State& state) {
  auto& fixture = Fixtures()[static_cast<int>(state.range(0))];
  if (!fixture) fixture = std::make_unique<Fixture>(static_cast<Backend>(state.range(0)));
  return *fixture;
}

// Runs `operation(fixture, raw client)` as the benchmark's loop on every
// thread; the fixture is made by thread 0 before the threads start together.
template <typename Operation>
void Measure(benchmark::State& state, Operation operation) {
  static Fixture* shared = nullptr;
  if (state.thread_index() == 0) shared = &FixtureOf(state);
  state.SetLabel(BackendName(static_cast<Backend>(state.range(0))));
  // The raw client is connected on first use, inside the loop: only then
  // is the fixture sure to exist on every thread (a few ms in a 0.5 s run).
  std::unique_ptr<RawClient> raw;
  for (auto _ : state) {
    if (!raw) raw = shared->database->Raw();
    operation(*shared, *raw);
  }
  state.SetItemsProcessed(state.iterations());
}

void StoreCreate(benchmark::State& state) {
  Measure(state, [](Fixture& f, RawClient&) {
    Must(f.store->Create(f.writer, S3Connection("new-" + std::to_string(f.next++))).status());
  });
}

void StoreGetWithSecrets(benchmark::State& state) {
  Measure(state, [](Fixture& f, RawClient&) {
    const std::int64_t i = f.next++ % kStoredConnections;
    auto connection = f.store->GetWithSecrets(kLocalUserId, "c-" + std::to_string(i));
    if (!connection.ok()) std::abort();
    benchmark::DoNotOptimize(connection);
  });
}

void StoreList1(benchmark::State& state) {
  Measure(state, [](Fixture& f, RawClient&) {
    auto listed = f.store->List(f.solo);
    if (!listed.ok() || listed->size() != 1) std::abort();
  });
}

void StoreList1000(benchmark::State& state) {
  Measure(state, [](Fixture& f, RawClient&) {
    auto listed = f.store->List(kLocalUserId);
    if (!listed.ok() || listed->size() != kStoredConnections) std::abort();
  });
}

// A payload the size of a sealed secret plus a public view (~300 bytes).
const std::string kPayload(300, 'p');

void RawInsert(benchmark::State& state) {
  Measure(state, [](Fixture& f, RawClient& raw) { raw.Insert(f.next++, kPayload); });
}

void RawPointSelect(benchmark::State& state) {
  Measure(state, [](Fixture& f, RawClient& raw) { raw.Select(f.next++ % 1000); });
}

void Register(const char* name, void (*function)(benchmark::State&)) {
  for (int backend : {kSqlite, kPostgres}) {
    benchmark::RegisterBenchmark(name, function)
        ->Arg(backend)
        ->Threads(1)
        ->Threads(16)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace
}  // namespace flowfile::bench

int main(int argc, char** argv) {
  using namespace flowfile::bench;
  // Raw inserts first, so the point selects find rows 0 ... 999.
  Register("raw_insert", RawInsert);
  Register("raw_point_select", RawPointSelect);
  Register("store_create", StoreCreate);
  Register("store_get_with_secrets", StoreGetWithSecrets);
  Register("store_list_1", StoreList1);
  Register("store_list_1000", StoreList1000);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  Fixtures().clear();
  benchmark::Shutdown();
  return 0;
}
