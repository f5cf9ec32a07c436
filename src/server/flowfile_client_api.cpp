#include "src/server/flowfile_client_api.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

#include "src/server/api_errors.h"

namespace flowfile::server {
namespace {

constexpr std::string_view kFlowfileClientPrefixes[] = {"/cloud_connections/", "/storage_browser/"};

bool IsFlowfileClientPath(std::string_view path) {
  for (std::string_view prefix : kFlowfileClientPrefixes) {
    if (path.starts_with(prefix) || path == prefix.substr(0, prefix.size() - 1)) return true;
  }
  return false;
}

void SendDetail(httplib::Response& response, int status, nlohmann::json detail) {
  SendJson(response, status, {{"detail", std::move(detail)}});
}

int CloudConnectionsStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kAlreadyExists:
      return 422;
    default:
      return HttpStatusFor(code);
  }
}

// Flowfile's own words where its clients may test for them (a missing or
// duplicate connection); ours otherwise, which name the field at fault.
std::string CloudConnectionsDetail(const Error& error) {
  switch (error.code()) {
    case ErrorCode::kNotFound:
      return "Cloud connection not found";
    case ErrorCode::kAlreadyExists:
      return "Connection name already exists";
    default:
      return error.message();
  }
}

struct BrowseAnswer {
  int status;
  std::string_view error_code;
  std::string_view flowfile_message = {};  // Flowfile's own words, where its clients may test for them
};

BrowseAnswer StorageBrowserAnswer(const Error& error) {
  switch (error.code()) {
    case ErrorCode::kNotFound:
      return {404, "CONNECTION_NOT_FOUND", "Cloud connection not found."};
    case ErrorCode::kPathNotFound:
      return {404, "PATH_NOT_FOUND"};
    case ErrorCode::kInvalidArgument:
      if (error.field() == "connection_name") return {400, "CONNECTION_REQUIRED"};
      return {400, "INVALID_PATH"};
    case ErrorCode::kAccessDenied:
      return {403, "ACCESS_DENIED"};
    case ErrorCode::kUnavailable:
      return {504, "PROVIDER_TIMEOUT"};
    case ErrorCode::kInvalidEndpoint:
    case ErrorCode::kTlsVerificationFailed:
      return {502, "PROVIDER_ERROR"};
    case ErrorCode::kAlreadyExists:
      return {409, "CONFLICT"};
    case ErrorCode::kTampered:
    case ErrorCode::kInternal:
      break;
  }
  return {500, "INTERNAL"};
}

}  // namespace

bool IsApiPath(std::string_view path) {
  return path.starts_with("/api/") || path == "/api" || IsFlowfileClientPath(path);
}

void SendUnknownRoute(httplib::Response& response, std::string_view path) {
  if (IsFlowfileClientPath(path)) return SendDetail(response, 404, "Not Found");
  SendHttpError(response, 404, "not_found", "No such route.");
}

ErrorDialect CloudConnectionsDialect() {
  return {[](httplib::Response& response, const Error& error) {
            SendDetail(response, CloudConnectionsStatus(error.code()), CloudConnectionsDetail(error));
          },
          [](httplib::Response& response, int status, std::string_view, std::string_view message) {
            SendDetail(response, status, message);
          }};
}

ErrorDialect StorageBrowserDialect() {
  return {[](httplib::Response& response, const Error& error) {
            const BrowseAnswer answer = StorageBrowserAnswer(error);
            const std::string message =
                answer.flowfile_message.empty() ? error.message() : std::string(answer.flowfile_message);
            SendDetail(response, answer.status, {{"error_code", answer.error_code}, {"message", message}});
          },
          [](httplib::Response& response, int status, std::string_view code, std::string_view message) {
            std::string upper(code);
            for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            SendDetail(response, status, {{"error_code", upper}, {"message", message}});
          }};
}

}  // namespace flowfile::server
