// The Flowfile client's API beside ours: which paths are an API's (never
// the web UI's pages), and how the Flowfile client's routes write errors,
// in the shapes of Flowfile's FastAPI server (flowfile_core 0.23.3):
// {"detail": "<message>"} on /cloud_connections/..., and
// {"detail": {"error_code", "message"}} on /storage_browser/cloud.
#pragma once

#include <httplib.h>

#include <string_view>

#include "src/server/router.h"

namespace flowfile::server {

// Under /api/, or under a Flowfile client prefix (/cloud_connections/,
// /storage_browser/): answered by routes, or as an unknown route.
bool IsApiPath(std::string_view path);

// Sends the JSON 404 of an unknown API path in its API's shape.
void SendUnknownRoute(httplib::Response& response, std::string_view path);

// /cloud_connections/...: invalid input and a duplicate name are 422, a
// missing connection 404; the message is the detail.
ErrorDialect CloudConnectionsDialect();

// /storage_browser/cloud: each error code gets Flowfile's status and
// error_code (CONNECTION_NOT_FOUND, PATH_NOT_FOUND, ACCESS_DENIED, ...).
ErrorDialect StorageBrowserDialect();

}  // namespace flowfile::server
