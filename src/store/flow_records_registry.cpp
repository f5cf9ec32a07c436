// Where the PostgreSQL backend leaves its flow opener (see flow_records.h).
#include <atomic>

#include "src/store/flow_records.h"

namespace flowfile::store {
namespace {

std::atomic<PostgresFlowRecordsOpener> g_open_flows{nullptr};

}  // namespace

void RegisterPostgresFlowRecords(PostgresFlowRecordsOpener open) { g_open_flows = open; }

PostgresFlowRecordsOpener RegisteredPostgresFlowRecords() { return g_open_flows.load(); }

}  // namespace flowfile::store
