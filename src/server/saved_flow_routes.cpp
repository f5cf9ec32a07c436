// /api/saved-flows: the caller's saved flows (create, list, open, save,
// rename, delete, run), translated to and from the service's use cases.
// The document travels as a JSON object; the service checks it.
#include <optional>
#include <string>
#include <vector>

#include "src/server/api_errors.h"
#include "src/server/reply.h"
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
              [&context](const std::optional<Caller>& caller, const httplib::Request& request) -> Result<Reply> {
                FLOWFILE_ASSIGN_OR_RETURN(std::vector<std::string> runs,
                                          SessionOf(context, caller).RunFlow(request.matches[1].str()));
                nlohmann::json jobs = nlohmann::json::array();
                for (const std::string& id : runs)
                  jobs.push_back({{"job_id", id}, {"status_url", "/api/jobs/" + id}});
                return JsonReply({{"jobs", jobs}}, 202);
              });
}

}  // namespace

void RegisterSavedFlowRoutes(Router& router, ServerContext& context) {
  using CallerRef = const std::optional<Caller>&;
  using RequestRef = const httplib::Request&;
  router.Get("/api/saved-flows", Access::kSignedIn, [&context](CallerRef caller, RequestRef) -> Result<Reply> {
    FLOWFILE_ASSIGN_OR_RETURN(std::vector<SavedFlow> flows, SessionOf(context, caller).ListFlows());
    nlohmann::json list = nlohmann::json::array();
    for (const SavedFlow& flow : flows) list.push_back(FlowJson(flow));
    return JsonReply({{"flows", list}});
  });
  router.Post(
      "/api/saved-flows", Access::kSignedIn, [&context](CallerRef caller, RequestRef request) -> Result<Reply> {
        FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
        FLOWFILE_ASSIGN_OR_RETURN(std::string name, NameField(body, "name"));
        FLOWFILE_ASSIGN_OR_RETURN(std::string document, DocumentText(body));
        FLOWFILE_ASSIGN_OR_RETURN(SavedFlow created, SessionOf(context, caller).CreateFlow(name, document));
        return JsonReply(FlowJson(created), 201);
      });
  router.Get(R"(/api/saved-flows/([^/]+))", Access::kSignedIn,
             [&context](CallerRef caller, RequestRef request) -> Result<Reply> {
               FLOWFILE_ASSIGN_OR_RETURN(SavedFlow flow,
                                         SessionOf(context, caller).OpenFlow(request.matches[1].str()));
               return JsonReply(FlowJson(flow));
             });
  router.Put(R"(/api/saved-flows/([^/]+))", Access::kSignedIn,
             [&context](CallerRef caller, RequestRef request) -> Result<Reply> {
               FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
               FLOWFILE_ASSIGN_OR_RETURN(std::string document, DocumentText(body));
               FLOWFILE_ASSIGN_OR_RETURN(SavedFlow saved,
                                         SessionOf(context, caller).SaveFlow(request.matches[1].str(), document));
               return JsonReply(FlowJson(saved));
             });
  router.Post(R"(/api/saved-flows/([^/]+)/rename)", Access::kSignedIn,
              [&context](CallerRef caller, RequestRef request) -> Result<Reply> {
                FLOWFILE_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(request));
                FLOWFILE_ASSIGN_OR_RETURN(std::string new_name, NameField(body, "new_name"));
                FLOWFILE_ASSIGN_OR_RETURN(
                    SavedFlow renamed, SessionOf(context, caller).RenameFlow(request.matches[1].str(), new_name));
                return JsonReply(FlowJson(renamed));
              });
  router.Delete(R"(/api/saved-flows/([^/]+))", Access::kSignedIn,
                [&context](CallerRef caller, RequestRef request) -> Result<Reply> {
                  FLOWFILE_RETURN_IF_ERROR(SessionOf(context, caller).DeleteFlow(request.matches[1].str()));
                  return NoContent();
                });
  RegisterRunRoute(router, context);
}

}  // namespace flowfile::server
