// /api/saved-flows: the caller's saved flows (create, list, open, save,
// rename, delete, run), translated to and from the service's use cases.
// The document travels as a JSON object; the service checks it.
#include <string>

#include "src/server/api_errors.h"
#include "src/server/routes.h"

namespace flowfile::server {
namespace {

UserSession SessionOf(ServerContext& context, const std::optional<Caller>& caller) {
  return context.engine->ForUser(caller->user);
}

nlohmann::json FlowJson(const SavedFlow& flow) {
  nlohmann::json out = {{"name", flow.name}, {"created_at", flow.created_at}, {"updated_at", flow.updated_at}};
  // Stored documents were checked when saved, so they parse.
  if (!flow.document.empty()) out["document"] = nlohmann::json::parse(flow.document, nullptr, false);
  return out;
}

// The body's "document" as text for the service; kInvalidArgument when absent.
Result<std::string> DocumentText(const nlohmann::json& body) {
  if (!body.contains("document") || !body["document"].is_object())
    return InvalidField("document", "is required: the flow's {nodes, edges}.");
  return body["document"].dump();
}

Result<std::string> NameField(const nlohmann::json& body, const char* field) {
  if (!body.contains(field) || !body[field].is_string()) return InvalidField(field, "is required: a text.");
  return body[field].get<std::string>();
}

void RegisterRunRoute(Router& router, ServerContext& context) {
  router.Post(R"(/api/saved-flows/([^/]+)/run)", Access::kSignedIn,
              [&context](const auto& caller, const auto& request, auto& response) {
                Result<std::vector<std::string>> runs =
                    SessionOf(context, caller).RunFlow(request.matches[1].str());
                if (!runs.ok()) return SendError(response, runs.error());
                nlohmann::json jobs = nlohmann::json::array();
                for (const std::string& id : *runs)
                  jobs.push_back({{"job_id", id}, {"status_url", "/api/jobs/" + id}});
                SendJson(response, 202, {{"jobs", jobs}});
              });
}

}  // namespace

void RegisterSavedFlowRoutes(Router& router, ServerContext& context) {
  router.Get("/api/saved-flows", Access::kSignedIn, [&context](const auto& caller, const auto&, auto& response) {
    Result<std::vector<SavedFlow>> flows = SessionOf(context, caller).ListFlows();
    if (!flows.ok()) return SendError(response, flows.error());
    nlohmann::json list = nlohmann::json::array();
    for (const SavedFlow& flow : *flows) list.push_back(FlowJson(flow));
    SendJson(response, 200, {{"flows", list}});
  });

  router.Post("/api/saved-flows", Access::kSignedIn,
              [&context](const auto& caller, const auto& request, auto& response) {
                Result<nlohmann::json> body = ParseJsonObject(request);
                if (!body.ok()) return SendError(response, body.error());
                Result<std::string> name = NameField(*body, "name");
                if (!name.ok()) return SendError(response, name.error());
                Result<std::string> document = DocumentText(*body);
                if (!document.ok()) return SendError(response, document.error());
                Result<SavedFlow> created = SessionOf(context, caller).CreateFlow(*name, *document);
                if (!created.ok()) return SendError(response, created.error());
                SendJson(response, 201, FlowJson(*created));
              });

  router.Get(R"(/api/saved-flows/([^/]+))", Access::kSignedIn,
             [&context](const auto& caller, const auto& request, auto& response) {
               Result<SavedFlow> flow = SessionOf(context, caller).OpenFlow(request.matches[1].str());
               if (!flow.ok()) return SendError(response, flow.error());
               SendJson(response, 200, FlowJson(*flow));
             });

  router.Put(R"(/api/saved-flows/([^/]+))", Access::kSignedIn,
             [&context](const auto& caller, const auto& request, auto& response) {
               Result<nlohmann::json> body = ParseJsonObject(request);
               if (!body.ok()) return SendError(response, body.error());
               Result<std::string> document = DocumentText(*body);
               if (!document.ok()) return SendError(response, document.error());
               Result<SavedFlow> saved = SessionOf(context, caller).SaveFlow(request.matches[1].str(), *document);
               if (!saved.ok()) return SendError(response, saved.error());
               SendJson(response, 200, FlowJson(*saved));
             });

  router.Post(R"(/api/saved-flows/([^/]+)/rename)", Access::kSignedIn,
              [&context](const auto& caller, const auto& request, auto& response) {
                Result<nlohmann::json> body = ParseJsonObject(request);
                if (!body.ok()) return SendError(response, body.error());
                Result<std::string> new_name = NameField(*body, "new_name");
                if (!new_name.ok()) return SendError(response, new_name.error());
                Result<SavedFlow> renamed =
                    SessionOf(context, caller).RenameFlow(request.matches[1].str(), *new_name);
                if (!renamed.ok()) return SendError(response, renamed.error());
                SendJson(response, 200, FlowJson(*renamed));
              });

  router.Delete(R"(/api/saved-flows/([^/]+))", Access::kSignedIn,
                [&context](const auto& caller, const auto& request, auto& response) {
                  Status deleted = SessionOf(context, caller).DeleteFlow(request.matches[1].str());
                  if (!deleted.ok()) return SendError(response, deleted.error());
                  response.status = 204;
                });

  RegisterRunRoute(router, context);
}

}  // namespace flowfile::server
