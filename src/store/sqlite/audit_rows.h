// The audit_log table: what happened to which connection, never a secret.
#pragma once

#include <vector>

#include "flowfile/connection_store.h"
#include "src/store/sqlite/sqlite_database.h"

namespace flowfile::sqlite {

// Appends one event as given (the caller sets `at`).
Status InsertAuditEvent(Database& db, const AuditEvent& event);
// The user's newest `limit` events, newest first.
Result<std::vector<AuditEvent>> ReadAuditLog(Database& db, UserId user, int limit);

}  // namespace flowfile::sqlite
