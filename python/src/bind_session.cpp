#include "bind_session.h"

#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "arrow_stream.h"
#include "connection_dict.h"
#include "flowfile/connection_rules.h"
#include "flowfile/data.h"
#include "flowfile/engine.h"
#include "raise_error.h"

namespace nb = nanobind;

namespace flowfile::python {
namespace {

char SingleCharacter(const std::string& text, const char* what) {
  if (text.size() != 1) throw nb::value_error((std::string(what) + " must be exactly one character").c_str());
  return text[0];
}

CsvOptions MakeCsvOptions(const std::string& delimiter, bool has_header, const std::string& quote,
                          std::string encoding) {
  CsvOptions csv;
  csv.delimiter = SingleCharacter(delimiter, "delimiter");
  csv.has_header = has_header;
  csv.quote = SingleCharacter(quote, "quote");
  csv.encoding = std::move(encoding);
  return csv;
}

FileFormat ParseFormatOrRaise(std::string_view name) { return ValueOrRaise(ParseFileFormat(name)); }

nb::list NameList(const std::vector<std::string_view>& names) {
  nb::list out;
  for (std::string_view name : names) out.append(nb::str(name.data(), name.size()));
  return out;
}

// {"storage_type": [...], "auth_method": [...], "secret_field": [...],
//  "file_format": [...], "compression": [...], "write_mode": [...], "filter_op": [...]}.
nb::dict Choices() {
  std::vector<std::string_view> storage_types;
  std::vector<std::string_view> auth_methods;
  for (StorageType type : kAllStorageTypes) storage_types.push_back(StorageTypeName(type));
  for (const AuthMethodRule& rule : ConnectionRules()) {
    const std::string_view name = AuthMethodName(rule.auth_method);
    if (std::find(auth_methods.begin(), auth_methods.end(), name) == auth_methods.end()) auth_methods.push_back(name);
  }
  std::vector<std::string_view> secret_fields;
  for (SecretField field : kAllSecretFields) secret_fields.push_back(SecretFieldName(field));
  nb::dict out;
  out["storage_type"] = NameList(storage_types);
  out["auth_method"] = NameList(auth_methods);
  out["secret_field"] = NameList(secret_fields);
  out["file_format"] = NameList(FileFormatNames());
  out["compression"] = NameList(CompressionNames());
  out["write_mode"] = NameList(WriteModeNames());
  out["filter_op"] = NameList(FilterOpNames());
  out["flow_node_kind"] = NameList(FlowNodeKinds());
  return out;
}

Connection ConnectionOrRaise(nb::handle fields) { return ValueOrRaise(ConnectionFromDict(fields)); }

nb::dict CreateConnection(const UserSession& session, nb::handle fields) {
  Connection connection = ConnectionOrRaise(fields);
  return ConnectionInfoToDict(ValueOrRaise(WithoutGil([&] { return session.CreateConnection(connection); })));
}

nb::tuple CreateConnectionIfNotExists(const UserSession& session, nb::handle fields) {
  Connection connection = ConnectionOrRaise(fields);
  CreateOutcome outcome =
      ValueOrRaise(WithoutGil([&] { return session.CreateConnectionIfNotExists(connection); }));
  return nb::make_tuple(ConnectionInfoToDict(outcome.connection), outcome.created);
}

// Replaces the public fields with those of `fields` and sets the secrets it
// holds; secrets it lacks keep their stored values.
nb::dict UpdateConnection(const UserSession& session, const std::string& name, nb::handle fields) {
  Connection connection = ConnectionOrRaise(fields);
  ConnectionUpdate update;
  update.info = connection.info;
  update.secrets = std::move(connection.secrets);
  return ConnectionInfoToDict(ValueOrRaise(WithoutGil([&] { return session.UpdateConnection(name, update); })));
}

nb::list ListConnections(const UserSession& session) {
  nb::list out;
  for (const ConnectionInfo& info : ValueOrRaise(WithoutGil([&] { return session.ListConnections(); }))) {
    out.append(ConnectionInfoToDict(info));
  }
  return out;
}

nb::dict TestConnection(const UserSession& session, const std::string& name, const std::string& path) {
  ConnectionTestResult result = ValueOrRaise(WithoutGil([&] { return session.TestConnection(name, path); }));
  nb::dict out;
  out["ok"] = result.ok;
  out["check"] = result.check;
  out["message"] = result.message;
  return out;
}

nb::dict Browse(const UserSession& session, const std::string& name, const std::string& path,
                const std::string& page_token, int page_size) {
  BrowsePage page =
      ValueOrRaise(WithoutGil([&] { return session.Browse(name, path, page_token, page_size); }));
  nb::list entries;
  for (const BrowseEntry& entry : page.entries) {
    nb::dict item;
    item["path"] = entry.path;
    item["is_directory"] = entry.is_directory;
    item["size"] = entry.size;
    entries.append(item);
  }
  nb::dict out;
  out["entries"] = entries;
  out["next_page_token"] = page.next_page_token;
  return out;
}

LazyFrame Scan(const UserSession& session, const std::string& connection_name, std::string path,
               std::string_view format, const std::string& delimiter, bool has_header, const std::string& quote,
               std::string encoding, bool hive_partitioning, std::optional<std::int64_t> version,
               std::optional<std::string> timestamp, std::optional<std::int64_t> changes_since,
               std::optional<std::string> changes_since_timestamp, bool include_change_preimage,
               std::optional<std::int64_t> snapshot_id) {
  ScanRequest request;
  request.snapshot_id = snapshot_id;
  request.version = version;
  request.timestamp = std::move(timestamp);
  request.changes_since = changes_since;
  request.changes_since_timestamp = std::move(changes_since_timestamp);
  request.include_change_preimage = include_change_preimage;
  request.path = std::move(path);
  request.format = ParseFormatOrRaise(format);
  request.csv = MakeCsvOptions(delimiter, has_header, quote, std::move(encoding));
  request.hive_partitioning = hive_partitioning;
  return ValueOrRaise(WithoutGil([&] { return session.Scan(connection_name, request); }));
}

nb::dict Write(const UserSession& session, const std::string& connection_name, std::string path,
               std::string_view format, nb::handle stream_capsule, std::string_view compression,
               std::int64_t row_group_size, std::string_view write_mode, const std::string& delimiter,
               bool has_header, const std::string& quote, std::string encoding,
               std::vector<std::string> partition_by, std::vector<std::string> merge_keys, bool track_changes) {
  WriteRequest request;
  request.partition_by = std::move(partition_by);
  request.merge_keys = std::move(merge_keys);
  request.track_changes = track_changes;
  request.path = std::move(path);
  request.format = ParseFormatOrRaise(format);
  request.compression = ValueOrRaise(ParseCompression(compression));
  if (row_group_size <= 0) throw nb::value_error("row_group_size must be positive");
  request.row_group_size = row_group_size;
  request.mode = ValueOrRaise(ParseWriteMode(write_mode));
  request.csv = MakeCsvOptions(delimiter, has_header, quote, std::move(encoding));
  std::unique_ptr<ArrowArrayStream> input = StreamFromCapsule(stream_capsule);
  WriteResult result =
      ValueOrRaise(WithoutGil([&] { return session.Write(connection_name, request, input.get()); }));
  nb::dict out;
  out["rows"] = result.rows;
  out["bytes"] = result.bytes;
  out["seconds"] = result.seconds;
  out["path"] = result.path;
  if (request.format == FileFormat::kDelta) out["version"] = result.version;
  return out;
}

// The table's commits as dicts, newest first (see TableVersion).
nb::list DeltaHistory(const UserSession& session, const std::string& connection_name, const std::string& path,
                      std::int64_t limit) {
  std::vector<TableVersion> versions =
      ValueOrRaise(WithoutGil([&] { return session.DeltaHistory(connection_name, path, limit); }));
  const auto optional = [](const std::optional<std::int64_t>& value) -> nb::object {
    return value ? nb::object(nb::int_(*value)) : nb::object(nb::none());
  };
  nb::list out;
  for (const TableVersion& entry : versions) {
    nb::dict item;
    item["version"] = entry.version;
    item["timestamp"] = entry.timestamp_ms;
    item["operation"] = entry.operation;
    item["rows_added"] = optional(entry.rows_added);
    item["rows_removed"] = optional(entry.rows_removed);
    item["files_added"] = entry.files_added;
    item["files_removed"] = entry.files_removed;
    out.append(item);
  }
  return out;
}

// The (field, message, remedy) of ValidateConnection's kInvalidArgument, or
// None when valid; the field is empty when the problem is not about one
// field, the remedy None when no setting fixes it (RemedyToDict).
std::optional<nb::tuple> ValidationProblem(nb::handle fields) {
  Result<Connection> connection = ConnectionFromDict(fields);
  Status status = connection.ok() ? ValidateConnection(*connection) : connection.status();
  if (status.ok()) return std::nullopt;
  const Error& error = status.error();
  if (error.code() != ErrorCode::kInvalidArgument) RaiseError(error);
  return nb::make_tuple(error.field(), error.message(), RemedyToDict(error.remedy()));
}

}  // namespace

void BindSession(nb::module_& module) {
  nb::class_<UserSession>(module, "Session", "What one user can do with the engine; safe across threads.")
      .def_prop_ro("user", &UserSession::user, "The user id this session acts for.")
      .def("create_connection", &CreateConnection, nb::arg("fields"))
      .def("create_connection_if_not_exists", &CreateConnectionIfNotExists, nb::arg("fields"))
      .def(
          "get_connection",
          [](const UserSession& session, const std::string& name) {
            return ConnectionInfoToDict(ValueOrRaise(WithoutGil([&] { return session.GetConnection(name); })));
          },
          nb::arg("name"))
      .def("list_connections", &ListConnections)
      .def("update_connection", &UpdateConnection, nb::arg("name"), nb::arg("fields"))
      .def(
          "rename_connection",
          [](const UserSession& session, const std::string& from, const std::string& to) {
            return ConnectionInfoToDict(
                ValueOrRaise(WithoutGil([&] { return session.RenameConnection(from, to); })));
          },
          nb::arg("old_name"), nb::arg("new_name"))
      .def(
          "delete_connection",
          [](const UserSession& session, const std::string& name) {
            RaiseIfError(WithoutGil([&] { return session.DeleteConnection(name); }));
          },
          nb::arg("name"))
      .def("test_connection", &TestConnection, nb::arg("name"), nb::arg("path") = "")
      .def("browse", &Browse, nb::arg("name"), nb::arg("path") = "", nb::arg("page_token") = "",
           nb::arg("page_size") = 1000)
      .def("scan", &Scan, nb::arg("connection_name"), nb::arg("path"), nb::arg("format"),
           nb::arg("delimiter") = ",", nb::arg("has_header") = true, nb::arg("quote") = "\"",
           nb::arg("encoding") = "utf8", nb::arg("hive_partitioning") = true, nb::arg("version") = nb::none(),
           nb::arg("timestamp") = nb::none(), nb::arg("changes_since") = nb::none(),
           nb::arg("changes_since_timestamp") = nb::none(), nb::arg("include_change_preimage") = false, nb::arg("snapshot_id") = nb::none())
      .def("delta_history", &DeltaHistory, nb::arg("connection_name"), nb::arg("path"), nb::arg("limit") = 0)
      .def("write", &Write, nb::arg("connection_name"), nb::arg("path"), nb::arg("format"), nb::arg("stream"),
           nb::arg("compression") = "snappy", nb::arg("row_group_size") = std::int64_t{1} << 20,
           nb::arg("write_mode") = "overwrite", nb::arg("delimiter") = ",", nb::arg("has_header") = true,
           nb::arg("quote") = "\"", nb::arg("encoding") = "utf8",
           nb::arg("partition_by") = std::vector<std::string>{}, nb::arg("merge_keys") = std::vector<std::string>{},
           nb::arg("track_changes") = false);

  module.def(
      "open_embedded",
      [](std::int64_t user) {
        std::shared_ptr<Engine> engine = ValueOrRaise(WithoutGil([] { return Engine::OpenEmbedded(); }));
        return engine->ForUser(user);
      },
      nb::arg("user") = kLocalUserId,
      "Opens the embedded engine in FLOWFILE_HOME (default ~/.flowfile) and returns a session for `user`.");
  module.def("validation_problem", &ValidationProblem, nb::arg("fields"),
             "Checks a connection as the engine will: (field, problem in words, remedy), or None when valid.");
  module.def(
      "default_auth_methods",
      [] {
        nb::dict out;
        for (StorageType type : kAllStorageTypes) {
          const std::string_view name = StorageTypeName(type);
          out[nb::str(name.data(), name.size())] = AuthMethodName(DefaultAuthMethod(type));
        }
        return out;
      },
      "The auth method of each storage type when a connection names none (the core's connection rules).");
  module.def("choices", &Choices,
             "The names of each choice as the core's tables declare them, for checking the package's Literals.");
  module.attr("LOCAL_USER_ID") = kLocalUserId;
}

}  // namespace flowfile::python
