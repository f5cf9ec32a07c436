// The route groups of the API, each registered by one function.
#pragma once

#include <httplib.h>

#include "src/server/router.h"
#include "src/server/server_context.h"

namespace flowfile::server {

// /api/session, /api/setup, /api/login, /api/logout, /api/accounts, /api/tokens.
void RegisterAccountRoutes(Router& router, ServerContext& context);
// /api/accounts/{name}/grants: an administrator's grants to one account.
void RegisterAccountGrantRoutes(Router& router, ServerContext& context);
// /api/connections/... and /api/connection-rules.
void RegisterConnectionRoutes(Router& router, ServerContext& context);
// The Flowfile client's /cloud_connections/... and /storage_browser/cloud
// (flowfile_client_routes.cpp), on routers with those APIs' error dialects
// (flowfile_client_api.h). Registered on construction; must live as long
// as the server.
class FlowfileClientRoutes {
 public:
  FlowfileClientRoutes(httplib::Server& http, ServerContext& context);

 private:
  Router cloud_connections_;
  Router storage_browser_;
};
// /api/data/preview, /api/flows/run, /api/jobs/{id}.
void RegisterDataRoutes(Router& router, ServerContext& context);
// /api/saved-flows/...: the caller's saved flows.
void RegisterSavedFlowRoutes(Router& router, ServerContext& context);
// The built web UI: files of the web root, index.html for the UI's own paths.
void RegisterStaticFiles(httplib::Server& http, const ServerContext& context);

}  // namespace flowfile::server
