#include "src/server/api_errors.h"

#include <array>
#include <cctype>

#include "flowfile/connection.h"
#include "flowfile/connection_fields.h"

namespace flowfile::server {
namespace {

// Names a client may see as the "field" of an error: request fields of the
// connection and data routes.
bool IsKnownField(std::string_view name) {
  static constexpr std::array<std::string_view, 22> kOtherFields = {
      "connection_name",
      "storage_type",
      "auth_method",
      "new_name",
      "name",
      "password",
      "path",
      "format",
      "limit",
      "reader",
      "writer",
      "connection",
      "compression",
      "write_mode",
      "scan_mode",
      "csv",
      "page_size",
      "page_token",
      "clear_secrets",
      "delimiter",
      "has_header",
      "is_admin",
  };
  for (const auto& field : kTextFields) {
    if (field.name == name) return true;
  }
  for (const auto& field : kFlagFields) {
    if (field.name == name) return true;
  }
  if (ParseSecretField(name).ok()) return true;
  for (std::string_view field : kOtherFields) {
    if (field == name) return true;
  }
  return false;
}

std::string FieldFromMessage(std::string_view message) {
  std::size_t end = 0;
  while (end < message.size() &&
         (std::islower(static_cast<unsigned char>(message[end])) || message[end] == '_' ||
          message[end] == '.' || std::isdigit(static_cast<unsigned char>(message[end])))) {
    ++end;
  }
  std::string_view head = message.substr(0, end);
  // "reader.path" names the path of the reader node: its last part is known.
  const std::size_t dot = head.rfind('.');
  const std::string_view last = dot == std::string_view::npos ? head : head.substr(dot + 1);
  if (last.empty()) return {};
  const bool unknown_field_named = message.substr(end).starts_with(" is not a connection field");
  return IsKnownField(last) || unknown_field_named ? std::string(head) : std::string();
}

}  // namespace

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
      return 502;
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
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json");
}

void SendError(httplib::Response& response, const Error& error, std::string_view field) {
  nlohmann::json body = {{"code", ErrorCodeName(error.code())}, {"message", error.message()}};
  std::string named = field.empty() && error.code() == ErrorCode::kInvalidArgument
                          ? FieldFromMessage(error.message())
                          : std::string(field);
  if (!named.empty()) body["field"] = named;
  SendJson(response, HttpStatusFor(error.code()), {{"error", body}});
}

void SendHttpError(httplib::Response& response, int status, std::string_view code, std::string_view message) {
  SendJson(response, status, {{"error", {{"code", code}, {"message", message}}}});
}

Error InvalidField(std::string_view field, std::string_view problem) {
  return Error(ErrorCode::kInvalidArgument, std::string(field) + " " + std::string(problem));
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
