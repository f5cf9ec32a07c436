// Where a connection sends its secrets, read from the destination fields of
// connection_rules.h: the update rule and the secrets' associated data both
// derive from DestinationOf.
#include <string>

#include "flowfile/connection_fields.h"
#include "flowfile/connection_rules.h"

namespace flowfile {
namespace {

// The stored value of a destination field as text.
std::string ValueOf(const ConnectionInfo& info, std::string_view field) {
  if (field == "storage_type") return std::string(StorageTypeName(info.storage_type));
  if (field == "auth_method") return std::string(AuthMethodName(info.auth_method));
  for (const TextFieldSpec& text : kTextFields) {
    if (text.name == field) return info.*text.member;
  }
  for (const FlagFieldSpec& flag : kFlagFields) {
    if (flag.name == field) return info.*flag.member ? "true" : "false";
  }
  return {};  // unreachable: every destination field is one of the above
}

// Whether a destination field decides anything for this connection: a
// region selects the AWS host only when no endpoint names one.
bool InEffect(const ConnectionInfo& info, std::string_view field) {
  return field != "aws_region" || info.endpoint_url.empty();
}

}  // namespace

std::vector<DestinationValue> DestinationOf(const ConnectionInfo& info) {
  std::vector<DestinationValue> destination;
  for (std::string_view field : kDestinationFields) {
    if (InEffect(info, field)) destination.push_back({field, ValueOf(info, field)});
  }
  return destination;
}

std::vector<std::string_view> ChangedDestinationFields(const ConnectionInfo& before, const ConnectionInfo& after) {
  std::vector<std::string_view> changed;
  for (std::string_view field : kDestinationFields) {
    if (!InEffect(before, field) && !InEffect(after, field)) continue;
    if (ValueOf(before, field) != ValueOf(after, field)) changed.push_back(field);
  }
  return changed;
}

std::string DestinationBinding(const ConnectionInfo& info) {
  std::string binding;
  auto append = [&binding](std::string_view text) {
    for (int shift = 24; shift >= 0; shift -= 8) binding += static_cast<char>((text.size() >> shift) & 0xff);
    binding += text;
  };
  for (const DestinationValue& destination : DestinationOf(info)) {
    append(destination.field);
    append(destination.value);
  }
  return binding;
}

}  // namespace flowfile
