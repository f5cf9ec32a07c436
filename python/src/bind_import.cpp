#include "bind_import.h"

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include <optional>
#include <string>

#include "flowfile/engine.h"
#include "raise_error.h"

namespace nb = nanobind;

namespace flowfile::python {
namespace {

// The report as the CLI's JSON shows it: imported and skipped connections,
// public fields and reasons only.
nb::dict ReportDict(const FlowfileImportReport& report) {
  nb::list imported;
  nb::list skipped;
  for (const FlowfileImportItem& item : report.items) {
    nb::dict row;
    row["connection_name"] = item.connection_name;
    row["storage_type"] = item.storage_type;
    row["auth_method"] = item.auth_method;
    if (item.imported) {
      if (!item.reason.empty()) row["note"] = item.reason;
      imported.append(row);
    } else {
      row["reason"] = item.reason;
      skipped.append(row);
    }
  }
  nb::dict out;
  out["database"] = report.database;
  out["key_source"] = report.key_source;
  out["upstream_user"] = report.upstream_user;
  out["imported"] = imported;
  out["skipped"] = skipped;
  return out;
}

nb::dict ImportFlowfileDb(const UserSession& session, const std::string& path,
                          const std::optional<std::string>& key_file,
                          const std::optional<std::string>& key_from_env, const std::string& upstream_user) {
  FlowfileImportRequest request;
  request.database = path;
  request.upstream_user = upstream_user;
  if (key_file) request.key = FlowfileKeySource::FromFile(*key_file);
  if (key_from_env) request.key = FlowfileKeySource::FromEnvironment(*key_from_env);
  FlowfileImportReport report =
      ValueOrRaise(WithoutGil([&] { return session.ImportFlowfileDatabase(request); }));
  return ReportDict(report);
}

}  // namespace

void BindImport(nb::module_& module) {
  module.def("import_flowfile_db", &ImportFlowfileDb, nb::arg("session"), nb::arg("path"),
             nb::arg("key_file") = nb::none(), nb::arg("key_from_env") = nb::none(),
             nb::arg("upstream_user") = "",
             "Import an upstream Flowfile database's cloud storage connections into the session's store.");
}

}  // namespace flowfile::python
