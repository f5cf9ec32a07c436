#include "src/server/api_errors.h"

namespace flowfile::server {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound:
    case ErrorCode::kPathNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
      return 409;
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kAccessDenied:
      return 403;
    case ErrorCode::kInvalidEndpoint:
    case ErrorCode::kTlsVerificationFailed:
      return 502;
    case ErrorCode::kTampered:
      return 500;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

void SendJson(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

nlohmann::json RemedyJson(const std::optional<Remedy>& remedy) {
  if (!remedy) return nullptr;
  nlohmann::json out = {{"setting", remedy->setting}};
  if (remedy->value) out["value"] = *remedy->value;
  return out;
}

nlohmann::json ErrorJson(const Error& error) {
  nlohmann::json body = {{"code", ErrorCodeName(error.code())}, {"message", error.message()}};
  if (!error.field().empty()) body["field"] = error.field();
  if (error.remedy()) body["remedy"] = RemedyJson(error.remedy());
  return body;
}

void SendError(httplib::Response& response, const Error& error) {
  SendJson(response, HttpStatusFor(error.code()), {{"error", ErrorJson(error)}});
}

nlohmann::json HttpErrorBody(std::string_view code, std::string_view message) {
  return {{"error", {{"code", code}, {"message", message}}}};
}

void SendHttpError(httplib::Response& response, int status, std::string_view code, std::string_view message) {
  SendJson(response, status, HttpErrorBody(code, message));
}

Result<nlohmann::json> ParseJsonObject(const httplib::Request& request) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return Error(ErrorCode::kInvalidArgument, "The request body is not valid JSON.");
  }
  if (!body.is_object()) return Error(ErrorCode::kInvalidArgument, "The request body must be a JSON object.");
  return body;
}

}  // namespace flowfile::server
