// The one error model of flowfile: an ErrorCode, a message for people and,
// for bad input, the field at fault.
//
// Messages never hold a secret: they are built from public views
// (ConnectionInfo) and from third-party text only after it has been through
// a SecretMasker. Front ends map codes to HTTP status, Python exception class
// and CLI exit code, each in one table, and show the field as it is: nobody
// parses a message to learn it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace flowfile {

enum class ErrorCode {
  kNotFound,               // connection, user, job or key version does not exist
  kPathNotFound,           // bucket, container, object or matching file does not exist
  kAlreadyExists,          // a connection with that name exists for this user
  kInvalidArgument,        // bad input: the message names the field and the fix
  kAccessDenied,           // credentials rejected or lacking permission
  kInvalidEndpoint,        // bad URL, connection refused, DNS failure
  kTlsVerificationFailed,  // certificate check failed
  kTampered,               // a stored secret failed authentication
  kUnavailable,            // a service or lock is temporarily unavailable
  kInternal,               // a bug or an unexpected failure (stays last: ErrorCodeFromName counts to it)
};

// Stable lower_snake name of a code ("not_found"), used in APIs and logs.
std::string_view ErrorCodeName(ErrorCode code);
// The code of a name ErrorCodeName gives; nullopt for any other text.
std::optional<ErrorCode> ErrorCodeFromName(std::string_view name);

// What the user changes to fix an error, as data: the connection setting
// (its API name: "aws_allow_unsafe_html", "verify_ssl", "endpoint_url") and,
// for a flag, the value that fixes it; no value means "check this setting".
// Core messages stay neutral; each front end words the remedy its own way
// (Python a keyword argument, the CLI a flag, the web a form action).
struct Remedy {
  std::string setting;
  std::optional<bool> value;

  bool operator==(const Remedy&) const = default;
};

class Error {
 public:
  Error(ErrorCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field at fault, as the caller named it ("aws_region",
  // "writer.path"); empty when the error is not about one field.
  const std::string& field() const { return field_; }
  // The setting that fixes the error, when one does.
  const std::optional<Remedy>& remedy() const { return remedy_; }
  // This error with `remedy` attached.
  Error WithRemedy(Remedy remedy) && {
    remedy_ = std::move(remedy);
    return std::move(*this);
  }
  // "not_found: Connection not found: ..." for logs.
  std::string ToString() const;

 private:
  ErrorCode code_;
  std::string message_;
  std::string field_;
  std::optional<Remedy> remedy_;
};

// kInvalidArgument about `field`, with the message "<field> <problem>"
// ("aws_region is required for ...").
Error InvalidField(std::string_view field, std::string_view problem);

}  // namespace flowfile
