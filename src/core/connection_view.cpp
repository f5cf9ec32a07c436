#include "flowfile/connection_view.h"

#include "flowfile/connection_fields.h"

namespace flowfile {
namespace {

PublicField Named(std::string_view name, PublicField::Kind kind) {
  PublicField field;
  field.name = name;
  field.kind = kind;
  return field;
}

PublicField Integer(std::string_view name, std::int64_t value) {
  PublicField field = Named(name, PublicField::Kind::kInteger);
  field.integer = value;
  return field;
}

PublicField Text(std::string_view name, std::string value) {
  PublicField field = Named(name, PublicField::Kind::kText);
  field.text = std::move(value);
  return field;
}

PublicField Flag(std::string_view name, bool value) {
  PublicField field = Named(name, PublicField::Kind::kFlag);
  field.flag = value;
  return field;
}

}  // namespace

std::vector<PublicField> PublicView(const ConnectionInfo& info) {
  std::vector<PublicField> view;
  view.reserve(4 + kTextFields.size() + kFlagFields.size() + 4);
  view.push_back(Integer("id", info.id));
  view.push_back(Text("connection_name", info.connection_name));
  view.push_back(Text("storage_type", std::string(StorageTypeName(info.storage_type))));
  view.push_back(Text("auth_method", std::string(AuthMethodName(info.auth_method))));
  for (const TextFieldSpec& field : kTextFields) view.push_back(Text(field.name, info.*field.member));
  for (const FlagFieldSpec& field : kFlagFields) view.push_back(Flag(field.name, info.*field.member));
  PublicField secrets_set = Named("secrets_set", PublicField::Kind::kNames);
  for (SecretField field : info.secrets_set) secrets_set.names.emplace_back(SecretFieldName(field));
  view.push_back(std::move(secrets_set));
  view.push_back(Integer("created_at", info.created_at));
  view.push_back(Integer("updated_at", info.updated_at));
  view.push_back(Integer("last_used_at", info.last_used_at));
  return view;
}

}  // namespace flowfile
