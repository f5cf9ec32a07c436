#include "src/store/sqlite/audit_rows.h"

namespace flowfile::sqlite {

Status InsertAuditEvent(Database& db, const AuditEvent& event) {
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement insert,
      db.PrepareCached(
          "INSERT INTO audit_log (at, user_id, connection_id, connection_name, action, outcome, detail) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, event.at)
      .Bind(2, event.user_id)
      .Bind(3, event.connection_id)
      .Bind(4, std::string_view(event.connection_name))
      .Bind(5, std::string_view(event.action))
      .Bind(6, std::string_view(event.outcome))
      .Bind(7, std::string_view(event.detail));
  return insert.Run();
}

Result<std::vector<AuditEvent>> ReadAuditLog(Database& db, UserId user, int limit) {
  FLOWFILE_ASSIGN_OR_RETURN(
      Statement query,
      db.PrepareCached(
          "SELECT at, user_id, connection_id, connection_name, action, outcome, detail FROM audit_log "
          "WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT ?"));
  query.Bind(1, user).Bind(2, std::int64_t{limit});
  std::vector<AuditEvent> events;
  while (true) {
    FLOWFILE_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return events;
    events.push_back({query.ColumnInt(0), query.ColumnInt(1), query.ColumnInt(2), query.ColumnText(3),
                      query.ColumnText(4), query.ColumnText(5), query.ColumnText(6)});
  }
}

}  // namespace flowfile::sqlite
