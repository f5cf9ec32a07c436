// Data through the caller's connections: previews, flows, and the data API
// that the Python package uses in server mode (plans, Arrow IPC streams of
// rows out and in).
#include <arrow/c/abi.h>

#include "src/server/api_errors.h"
#include "src/io/arrow_rows.h"
#include "src/server/data_requests.h"
#include "src/server/ipc_response.h"
#include "src/server/ipc_upload.h"
#include "src/server/routes.h"

namespace flowfile::server {
namespace {

Result<nlohmann::json> Preview(const UserSession& session, const nlohmann::json& body) {
  FLOWFILE_ASSIGN_OR_RETURN(FrameSpec spec, FrameSpecFromJson(body));
  FLOWFILE_ASSIGN_OR_RETURN(LazyFrame frame, session.Preview(spec));
  ArrowArrayStream stream{};
  FLOWFILE_RETURN_IF_ERROR(frame.ExportStream(&stream));
  return io::StreamToJsonRows(&stream, kMaxPreviewRows);
}

Result<LazyFrame> PlanFrame(const UserSession& session, const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
  FLOWFILE_ASSIGN_OR_RETURN(FrameSpec spec, FrameSpecFromJson(body));
  return session.Frame(spec);
}

Result<nlohmann::json> DescribePlan(const UserSession& session, const httplib::Request& request) {
  FLOWFILE_ASSIGN_OR_RETURN(LazyFrame frame, PlanFrame(session, request));
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<std::string> columns, frame.ColumnNames());
  return nlohmann::json{{"columns", columns}, {"description", frame.Describe()}};
}

Status StreamPlan(const UserSession& session, const httplib::Request& request, httplib::Response& response) {
  FLOWFILE_ASSIGN_OR_RETURN(LazyFrame frame, PlanFrame(session, request));
  ArrowArrayStream stream{};
  FLOWFILE_RETURN_IF_ERROR(frame.ExportStream(&stream));
  return SendArrowStream(&stream, response);
}

nlohmann::json WriteResultJson(const WriteResult& result) {
  return {{"rows", result.rows}, {"bytes", result.bytes}, {"seconds", result.seconds}, {"path", result.path}};
}

// Settings come in the query string, rows in the body. Every answer comes
// after the whole body was read, so the client is never cut off mid-upload.
Result<WriteResult> WriteUpload(const UserSession& session, const httplib::Request& request,
                                const httplib::ContentReader& body) {
  Result<WriteSettings> settings = WriteSettingsFromQuery(request.params);
  if (settings.ok() && !request.get_header_value("Content-Type").starts_with(kArrowStreamMediaType)) {
    settings = InvalidField("Content-Type", std::string("must be ") + kArrowStreamMediaType + ".");
  }
  if (!settings.ok()) {
    DiscardBody(body);
    return settings.error();
  }
  return WriteArrowUpload(body, [&](ArrowArrayStream* input) {
    return session.Write(settings->connection, settings->write, input);
  });
}

nlohmann::json JobJson(const FlowRun& job) {
  nlohmann::json out = {{"id", job.id},
                        {"state", FlowRunStateName(job.state)},
                        {"rows_read", job.rows_read},
                        {"batches_read", job.batches_read},
                        {"started_at", job.started_at},
                        {"finished_at", job.finished_at},
                        {"result", nullptr},
                        {"error", nullptr}};
  if (job.result) {
    out["result"] = WriteResultJson(*job.result);
  }
  if (job.error)
    out["error"] = {{"code", ErrorCodeName(job.error->code())}, {"message", job.error->message()}};
  return out;
}

}  // namespace

void RegisterDataRoutes(Router& router, ServerContext& context) {
  router.Post("/api/data/preview", Access::kSignedIn,
              [&context](const auto& caller, const auto& request, auto& response) {
                Result<nlohmann::json> body = ParseJsonObject(request);
                if (!body.ok()) return SendError(response, body.error());
                Result<nlohmann::json> preview = Preview(context.engine->ForUser(caller->user), *body);
                if (!preview.ok()) return SendError(response, preview.error());
                SendJson(response, 200, *preview);
              });

  router.Post("/api/data/plan", Access::kSignedIn,
              [&context](const auto& caller, const auto& request, auto& response) {
                Result<nlohmann::json> plan = DescribePlan(context.engine->ForUser(caller->user), request);
                if (!plan.ok()) return SendError(response, plan.error());
                SendJson(response, 200, *plan);
              });

  router.Post("/api/data/scan", Access::kSignedIn,
              [&context](const auto& caller, const auto& request, auto& response) {
                Status sent = StreamPlan(context.engine->ForUser(caller->user), request, response);
                if (!sent.ok()) SendError(response, sent.error());
              });

  router.PostStreaming(
      "/api/data/write", Access::kSignedIn,
      [&context](const Caller& caller, const auto& request, auto& response, const auto& body) {
        Result<WriteResult> written = WriteUpload(context.engine->ForUser(caller.user), request, body);
        if (!written.ok()) return SendError(response, written.error());
        SendJson(response, 200, WriteResultJson(*written));
      });

  router.Post("/api/flows/run", Access::kSignedIn,
              [&context](const auto& caller, const auto& request, auto& response) {
                Result<nlohmann::json> body = ParseJsonObject(request);
                if (!body.ok()) return SendError(response, body.error());
                if (!body->contains("reader"))
                  return SendError(response, InvalidField("reader", "is required."));
                if (!body->contains("writer"))
                  return SendError(response, InvalidField("writer", "is required."));
                Result<FrameSpec> read = ReadSettingsFromJson((*body)["reader"], "reader");
                if (!read.ok()) return SendError(response, read.error());
                // The transforms between the nodes (select, filters, limit) run in the read.
                if (Status transforms = TransformsFromJson(*body, *read); !transforms.ok())
                  return SendError(response, transforms.error());
                Result<WriteSettings> write = WriteSettingsFromJson((*body)["writer"], "writer");
                if (!write.ok()) return SendError(response, write.error());
                FlowSpec flow{std::move(*read), std::move(write->connection), std::move(write->write)};
                Result<std::string> job = context.engine->ForUser(caller->user).StartFlow(std::move(flow));
                if (!job.ok()) return SendError(response, job.error());
                SendJson(response, 202, {{"job_id", *job}, {"status_url", "/api/jobs/" + *job}});
              });

  router.Get(R"(/api/jobs/([A-Za-z0-9_-]{1,64}))", Access::kSignedIn,
             [&context](const auto& caller, const auto& request, auto& response) {
               Result<FlowRun> job = context.engine->ForUser(caller->user).GetFlowRun(request.matches[1].str());
               if (!job.ok()) return SendError(response, job.error());
               SendJson(response, 200, JobJson(*job));
             });
}

}  // namespace flowfile::server
