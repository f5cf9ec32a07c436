// Data through the caller's connections: previews, flows, and the data API
// that the Python package uses in server mode (plans, Arrow IPC streams of
// rows out and in).
#include <arrow/c/abi.h>

#include "src/server/api_errors.h"
#include "src/server/ipc_response.h"
#include "src/server/ipc_upload.h"
#include "src/server/routes.h"
#include "src/service/data_requests.h"
#include "src/service/frame_output.h"

namespace flowfile::server {
namespace {

using service::ApplyFrameCalls;
using service::FrameSpecFromJson;
using service::ReadSettingsFromJson;
using service::TransformsFromJson;
using service::WriteSettings;
using service::WriteSettingsFromJson;
using service::WriteSettingsFromQuery;

Result<Reply> Preview(const UserSession& session, const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  FLOWFILE_ASSIGN_OR_RETURN(FrameSpec spec, FrameSpecFromJson(body));
  ArrowArrayStream stream{};
  FLOWFILE_RETURN_IF_ERROR(session.ExportPreview(std::move(spec), &stream));
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json rows, service::PreviewRows(&stream, kMaxPreviewRows));
  return JsonReply(std::move(rows));
}

// The frame a server-mode plan describes: its read settings, then the calls
// its user made (select, filter and limit pushed into the read until a step).
Result<FrameSpec> PlanFrame(const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  FLOWFILE_ASSIGN_OR_RETURN(FrameSpec spec, FrameSpecFromJson(body));
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<service::FrameCall> calls, service::FrameCallsFromJson(body));
  ApplyFrameCalls(spec, calls);
  return spec;
}

// The plan in the engine's words without reading column metadata, so a plan
// naming a column that is not there is still described (as LazyFrame does).
Result<Reply> DescribeOnly(const UserSession& session, const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(FrameSpec spec, PlanFrame(request));
  FLOWFILE_ASSIGN_OR_RETURN(std::string description, session.DescribeFrame(spec));
  return JsonReply({{"description", description}});
}

Result<Reply> DescribePlan(const UserSession& session, const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(FrameSpec spec, PlanFrame(request));
  FLOWFILE_ASSIGN_OR_RETURN(std::string description, session.DescribeFrame(spec));
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<ColumnType> columns, session.FrameColumns(spec));
  std::vector<std::string> names;
  names.reserve(columns.size());
  for (const ColumnType& column : columns) names.push_back(column.name);
  return JsonReply({{"columns", names}, {"description", description}});
}

// The plan's rows as an Arrow IPC stream, written when the Router sends the
// reply; what fails before the first row (a missing connection, path or
// column) is the answer's error, as the Router sends a write's error.
Result<Reply> StreamPlan(const UserSession& session, const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(FrameSpec spec, PlanFrame(request));
  // Built whole (not default-constructed, then filled), as clang-tidy's
  // bugprone-exception-escape wants for Reply.
  return Reply{.status = 200,
               .body = nullptr,
               .headers = {},
               .write = [session, spec = std::move(spec)](httplib::Response& response) -> Status {
                 ArrowArrayStream stream{};
                 FLOWFILE_RETURN_IF_ERROR(session.ExportFrame(spec, &stream));
                 return SendArrowStream(&stream, response);
               }};
}

nlohmann::json WriteResultJson(const WriteResult& result) {
  nlohmann::json out = {
      {"rows", result.rows}, {"bytes", result.bytes}, {"seconds", result.seconds}, {"path", result.path}};
  if (result.version >= 0) out["version"] = result.version;  // a Delta table's committed version
  return out;
}

// Settings come in the query string, rows in the body. Every answer comes
// after the whole body was read, so the client is never cut off mid-upload.
Result<Reply> WriteUpload(const UserSession& session, const httplib::Request& request,
                          const httplib::ContentReader& body) {
  Result<WriteSettings> settings = WriteSettingsFromQuery(request.params);
  if (settings.ok() && !request.get_header_value("Content-Type").starts_with(kArrowStreamMediaType)) {
    settings = InvalidField("Content-Type", std::string("must be ") + kArrowStreamMediaType + ".");
  }
  if (!settings.ok()) {
    DiscardBody(body);
    return settings.error();
  }
  FLOWFILE_ASSIGN_OR_RETURN(WriteResult written, WriteArrowUpload(body, [&](ArrowArrayStream* input) {
                              return session.Write(settings->connection, settings->write, input);
                            }));
  return JsonReply(WriteResultJson(written));
}

// POST /api/data/delta-history {connection, path, limit}: the table's commits, newest first.
Result<Reply> DeltaHistory(const UserSession& session, const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  const auto text = [&](const char* field) -> Result<std::string> {
    if (!body.contains(field) || !body[field].is_string() || body[field].get<std::string>().empty())
      return InvalidField(field, "is required: a non-empty string.");
    return body[field].get<std::string>();
  };
  FLOWFILE_ASSIGN_OR_RETURN(std::string connection, text("connection"));
  FLOWFILE_ASSIGN_OR_RETURN(std::string path, text("path"));
  std::int64_t limit = 0;
  if (body.contains("limit") && !body["limit"].is_null()) {
    if (!body["limit"].is_number_integer() || body["limit"].get<std::int64_t>() < 0)
      return InvalidField("limit", "must be a whole number from 0 (0: every version).");
    limit = body["limit"].get<std::int64_t>();
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<TableVersion> versions, session.DeltaHistory(connection, path, limit));
  const auto optional = [](const std::optional<std::int64_t>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json();
  };
  nlohmann::json out = nlohmann::json::array();
  for (const TableVersion& entry : versions) {
    out.push_back({{"version", entry.version},
                   {"timestamp", entry.timestamp_ms},
                   {"operation", entry.operation},
                   {"rows_added", optional(entry.rows_added)},
                   {"rows_removed", optional(entry.rows_removed)},
                   {"files_added", entry.files_added},
                   {"files_removed", entry.files_removed}});
  }
  return JsonReply({{"versions", std::move(out)}});
}

nlohmann::json JobJson(const FlowRun& job) {
  nlohmann::json out = {{"id", job.id},
                        {"state", FlowRunStateName(job.state)},
                        {"rows_read", job.rows_read},
                        {"batches_read", job.batches_read},
                        {"rows_total", job.rows_total ? nlohmann::json(*job.rows_total) : nlohmann::json()},
                        {"started_at", job.started_at},
                        {"finished_at", job.finished_at},
                        {"result", nullptr},
                        {"error", nullptr}};
  if (job.result) {
    out["result"] = WriteResultJson(*job.result);
  }
  if (job.error) {
    // The field at fault names the node that failed ("steps[1].settings.column").
    out["error"] = ErrorJson(*job.error);
  }
  return out;
}

// POST /api/flows/run: a reader, the transforms between the nodes and a
// writer, started as a flow run whose progress GET /api/jobs/{id} shows.
Result<Reply> RunFlow(const UserSession& session, const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  if (!body.contains("reader")) return InvalidField("reader", "is required.");
  if (!body.contains("writer")) return InvalidField("writer", "is required.");
  FLOWFILE_ASSIGN_OR_RETURN(FrameSpec read, ReadSettingsFromJson(body["reader"], "reader"));
  // The transforms between the nodes (select, filters, limit) run in the read.
  FLOWFILE_RETURN_IF_ERROR(TransformsFromJson(body, read));
  FLOWFILE_ASSIGN_OR_RETURN(WriteSettings write, WriteSettingsFromJson(body["writer"], "writer"));
  FlowSpec flow{std::move(read), std::move(write.connection), std::move(write.write)};
  FLOWFILE_ASSIGN_OR_RETURN(std::string job, session.StartFlow(std::move(flow)));
  return JsonReply({{"job_id", job}, {"status_url", "/api/jobs/" + job}}, 202);
}

}  // namespace

void RegisterDataRoutes(Router& router, ServerContext& context) {
  // Each handler acts through the caller's UserSession.
  const auto as_user = [&context](auto use_case) -> RouteHandler {
    return [&context, use_case](const std::optional<Caller>& caller, const httplib::Request& request) {
      return use_case(context.engine->ForUser(caller->user), request);
    };
  };

  router.Post("/api/data/preview", Access::kSignedIn, as_user(Preview));
  router.Post("/api/data/plan", Access::kSignedIn, as_user(DescribePlan));
  router.Post("/api/data/describe", Access::kSignedIn, as_user(DescribeOnly));
  router.Post("/api/data/scan", Access::kSignedIn, as_user(StreamPlan));
  router.Post("/api/data/delta-history", Access::kSignedIn, as_user(DeltaHistory));

  router.PostStreaming(
      "/api/data/write", Access::kSignedIn,
      [&context](const Caller& caller, const httplib::Request& request, const httplib::ContentReader& body) {
        return WriteUpload(context.engine->ForUser(caller.user), request, body);
      });

  router.Post("/api/flows/run", Access::kSignedIn, as_user(RunFlow));

  router.Get(R"(/api/jobs/([A-Za-z0-9_-]{1,64}))", Access::kSignedIn,
             as_user([](const UserSession& session, const httplib::Request& request) -> Result<Reply> {
               FLOWFILE_ASSIGN_OR_RETURN(FlowRun job, session.GetFlowRun(request.matches[1].str()));
               return JsonReply(JobJson(job));
             }));

  router.Post(R"(/api/jobs/([A-Za-z0-9_-]{1,64})/cancel)", Access::kSignedIn,
              as_user([](const UserSession& session, const httplib::Request& request) -> Result<Reply> {
                FLOWFILE_ASSIGN_OR_RETURN(FlowRun job, session.CancelFlowRun(request.matches[1].str()));
                return JsonReply(JobJson(job));
              }));
}

}  // namespace flowfile::server
