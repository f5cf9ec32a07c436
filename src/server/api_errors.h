// The JSON error envelope of the HTTP API and the one table that maps
// flowfile error codes to HTTP statuses.
//
// Every error response is {"error": {"code", "message", "field"?, "remedy"?}}. Messages
// come from flowfile's own errors, which never hold a secret; text from
// third-party libraries (JSON parser, Arrow) is never passed through.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "flowfile/error.h"
#include "flowfile/result.h"

namespace flowfile::server {

// The HTTP status of each error code (404 for another user's connection,
// since the store answers those as kNotFound).
int HttpStatusFor(ErrorCode code);

void SendJson(httplib::Response& response, int status, const nlohmann::json& body);
// {"setting", "value"?}: the connection setting that fixes an error, passed
// through as data for each front end to word (null without a remedy).
nlohmann::json RemedyJson(const std::optional<Remedy>& remedy);
// The body of an error: {"code", "message", "field"?, "remedy"?}.
nlohmann::json ErrorJson(const Error& error);
// Sends the envelope with HttpStatusFor(error.code()) and the error's field.
void SendError(httplib::Response& response, const Error& error);
// An envelope with an explicit status and code, for HTTP-level failures
// (413, 405, csrf, throttled sign-ins) that have no flowfile error code.
void SendHttpError(httplib::Response& response, int status, std::string_view code, std::string_view message);
// That envelope's body, for a Reply that adds headers (Retry-After).
nlohmann::json HttpErrorBody(std::string_view code, std::string_view message);

// The request body as a JSON object. kInvalidArgument (never the parser's
// text) for a body that is not JSON or not an object.
Result<nlohmann::json> ParseJsonObject(const httplib::Request& request);

}  // namespace flowfile::server
