#include "src/service/connection_json.h"

#include <array>
#include <string>
#include <string_view>

#include "flowfile/connection_fields.h"
#include "flowfile/connection_view.h"

namespace flowfile::service {
namespace {

// Fields of a public view that clients may echo back; they are set by the
// store and ignored in requests.
constexpr std::array<std::string_view, 6> kReadOnlyFields = {"id",           "created_at",  "updated_at",
                                                             "last_used_at", "secrets_set", "credentials_version"};

bool IsReadOnly(std::string_view key) {
  for (std::string_view field : kReadOnlyFields) {
    if (field == key) return true;
  }
  return false;
}

Result<std::string> TextOf(const std::string& key, const nlohmann::json& value) {
  if (!value.is_string()) return InvalidField(key, "must be a string.");
  return value.get<std::string>();
}

// Applies one request field to `connection`; `update_secrets` collects the
// secrets present. Public fields go to connection.info.
Status ApplyField(const std::string& key, const nlohmann::json& value, Connection& connection) {
  if (key == "connection_name") {
    FLOWFILE_ASSIGN_OR_RETURN(connection.info.connection_name, TextOf(key, value));
    return Status::Ok();
  }
  if (key == "storage_type") {
    FLOWFILE_ASSIGN_OR_RETURN(std::string text, TextOf(key, value));
    Result<StorageType> type = ParseStorageType(text);
    if (!type.ok()) return InvalidField(key, "must be one of s3, adls, gcs.");
    connection.info.storage_type = *type;
    return Status::Ok();
  }
  if (key == "auth_method") {
    FLOWFILE_ASSIGN_OR_RETURN(std::string text, TextOf(key, value));
    Result<AuthMethod> method = ParseAuthMethod(text);
    if (!method.ok()) return method.error();  // names the field and the choices
    connection.info.auth_method = *method;
    return Status::Ok();
  }
  for (const TextFieldSpec& field : kTextFields) {
    if (field.name == key) {
      FLOWFILE_ASSIGN_OR_RETURN(connection.info.*field.member, TextOf(key, value));
      return Status::Ok();
    }
  }
  for (const FlagFieldSpec& field : kFlagFields) {
    if (field.name == key) {
      if (!value.is_boolean()) return InvalidField(key, "must be true or false.");
      connection.info.*field.member = value.get<bool>();
      return Status::Ok();
    }
  }
  if (Result<SecretField> secret = ParseSecretField(key); secret.ok()) {
    if (!value.is_string()) return InvalidField(key, "must be a string.");
    const auto& text = value.get_ref<const std::string&>();
    if (!text.empty()) connection.secrets.set(*secret, Secret(text));
    return Status::Ok();
  }
  return InvalidField(key, "is not a connection field.");
}

Status ApplyFields(const nlohmann::json& body, Connection& connection, bool* changed_public) {
  for (const auto& [key, value] : body.items()) {
    if (value.is_null() || IsReadOnly(key) || key == "clear_secrets") continue;
    FLOWFILE_RETURN_IF_ERROR(ApplyField(key, value, connection));
    if (changed_public != nullptr && !ParseSecretField(key).ok()) *changed_public = true;
  }
  return Status::Ok();
}

}  // namespace

nlohmann::json ConnectionToJson(const ConnectionInfo& info) {
  nlohmann::json out = nlohmann::json::object();
  for (const PublicField& field : PublicView(info)) {
    nlohmann::json& value = out[std::string(field.name)];
    switch (field.kind) {
      case PublicField::Kind::kInteger:
        value = field.integer;
        break;
      case PublicField::Kind::kFlag:
        value = field.flag;
        break;
      case PublicField::Kind::kText:
        value = field.text;
        break;
      case PublicField::Kind::kNames:
        value = field.names;
        break;
    }
  }
  return out;
}

Result<Connection> ConnectionFromJson(const nlohmann::json& body) {
  for (std::string_view required : {"connection_name", "storage_type", "auth_method"}) {
    if (!body.contains(required) || body[std::string(required)].is_null()) {
      return InvalidField(required, "is required.");
    }
  }
  if (body.contains("clear_secrets")) return InvalidField("clear_secrets", "applies to updates only.");
  Connection connection;
  FLOWFILE_RETURN_IF_ERROR(ApplyFields(body, connection, nullptr));
  return connection;
}

Result<ConnectionUpdate> UpdateFromJson(const nlohmann::json& body, const ConnectionInfo& current) {
  Connection merged;
  merged.info = current;
  bool changed_public = false;
  FLOWFILE_RETURN_IF_ERROR(ApplyFields(body, merged, &changed_public));
  if (merged.info.connection_name != current.connection_name) {
    return InvalidField("connection_name", "cannot change in an update: rename the connection instead.");
  }
  ConnectionUpdate update;
  if (changed_public) update.info = merged.info;
  update.secrets = merged.secrets;
  if (body.contains("clear_secrets")) {
    const nlohmann::json& clear = body["clear_secrets"];
    if (!clear.is_array()) return InvalidField("clear_secrets", "must be a list of secret field names.");
    for (const nlohmann::json& name : clear) {
      if (!name.is_string()) return InvalidField("clear_secrets", "must be a list of secret field names.");
      Result<SecretField> field = ParseSecretField(name.get<std::string>());
      if (!field.ok()) return InvalidField("clear_secrets", "names an unknown secret field.");
      update.clear_secrets.push_back(*field);
    }
  }
  return update;
}

}  // namespace flowfile::service
