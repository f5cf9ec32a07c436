// Fuzz target for a connection as the API receives it: bytes parsed as JSON
// (nlohmann, without exceptions), read by ConnectionFromJson and
// UpdateFromJson, checked by ValidateConnection, and written back by
// ConnectionToJson. Beyond "no crash, no exception, no sanitizer report": a
// secret never shows in what is written back nor in an error message, unless
// the same text was also sent in a public field.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/connection.h"
#include "src/service/connection_json.h"

namespace {

using namespace flowfile;

constexpr std::size_t kWindow = 12;  // the canary tests' window: shorter values can occur by chance

// The secret values a body carries (strings of at least kWindow characters
// under a secret field's name), and every other string in it.
void SplitStrings(const nlohmann::json& body, std::vector<std::string>& secrets,
                  std::vector<std::string>& others) {
  for (const auto& [key, value] : body.items()) {
    others.push_back(key);
    const bool is_secret = ParseSecretField(key).ok();
    if (value.is_string()) {
      const std::string& text = value.get_ref<const std::string&>();
      (is_secret && text.size() >= kWindow ? secrets : others).push_back(text);
    } else if (value.is_structured()) {
      others.push_back(value.dump());
    }
  }
}

// A secret found in `text` leaks unless the input also sent it in a public
// field, or our own words hold it (`ours`: the texts made from the same body
// with every secret value replaced, e.g. a secret "client_id is not a" is in
// the message about a field named "x_client_id").
void RequireNoSecretIn(const std::string& text, const std::vector<std::string>& secrets,
                       const std::vector<std::string>& others, const std::string& ours) {
  for (const std::string& secret : secrets) {
    if (text.find(secret) == std::string::npos || ours.find(secret) != std::string::npos) continue;
    bool sent_in_public = false;
    for (const std::string& other : others)
      sent_in_public = sent_in_public || other.find(secret) != std::string::npos;
    if (!sent_in_public) std::abort();
  }
}

ConnectionInfo Current() {
  ConnectionInfo info;
  info.connection_name = "current";
  info.storage_type = StorageType::kS3;
  info.auth_method = AuthMethod::kAccessKey;
  info.aws_access_key_id = "AKIAIOSFODNN7EXAMPLE";
  info.aws_region = "us-east-1";
  return info;
}

// Every text the parsers give back for `body`: error messages and the
// public views written as JSON.
std::vector<std::string> OutputsFor(const nlohmann::json& body) {
  std::vector<std::string> outputs;
  Result<Connection> connection = service::ConnectionFromJson(body);
  if (connection.ok()) {
    Status valid = ValidateConnection(*connection);
    if (!valid.ok()) outputs.push_back(valid.error().message());
    outputs.push_back(service::ConnectionToJson(connection->info).dump());
  } else {
    outputs.push_back(connection.error().message());
  }
  Result<ConnectionUpdate> update = service::UpdateFromJson(body, Current());
  if (!update.ok()) {
    outputs.push_back(update.error().message());
  } else if (update->info) {
    outputs.push_back(service::ConnectionToJson(*update->info).dump());
  }
  return outputs;
}

// `body` with every secret field's string value replaced by as many '*'.
nlohmann::json WithSecretsReplaced(nlohmann::json body) {
  for (auto& [key, value] : body.items()) {
    if (ParseSecretField(key).ok() && value.is_string())
      value = std::string(value.get_ref<const std::string&>().size(), '*');
  }
  return body;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const nlohmann::json body =
      nlohmann::json::parse(reinterpret_cast<const char*>(data), reinterpret_cast<const char*>(data) + size,
                            /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) return 0;
  std::vector<std::string> secrets;
  std::vector<std::string> others;
  SplitStrings(body, secrets, others);
  std::string ours;
  for (const std::string& text : OutputsFor(WithSecretsReplaced(body))) ours += text + '\n';
  for (const std::string& text : OutputsFor(body)) RequireNoSecretIn(text, secrets, others, ours);
  return 0;
}
