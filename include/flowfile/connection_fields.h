// Tables of the public fields of ConnectionInfo, by user-facing name.
// Front ends and the store iterate these instead of repeating field lists.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "flowfile/connection.h"

namespace flowfile {

struct TextFieldSpec {
  std::string_view name;
  std::string ConnectionInfo::*member;
};

struct FlagFieldSpec {
  std::string_view name;
  bool ConnectionInfo::*member;
  bool default_value;
};

inline constexpr std::array<TextFieldSpec, 9> kTextFields = {{
    {"aws_region", &ConnectionInfo::aws_region},
    {"aws_access_key_id", &ConnectionInfo::aws_access_key_id},
    {"aws_role_arn", &ConnectionInfo::aws_role_arn},
    {"aws_profile", &ConnectionInfo::aws_profile},
    {"azure_account_name", &ConnectionInfo::azure_account_name},
    {"azure_tenant_id", &ConnectionInfo::azure_tenant_id},
    {"azure_client_id", &ConnectionInfo::azure_client_id},
    {"gcs_project_id", &ConnectionInfo::gcs_project_id},
    {"endpoint_url", &ConnectionInfo::endpoint_url},
}};

inline constexpr std::array<FlagFieldSpec, 2> kFlagFields = {{
    {"aws_allow_unsafe_html", &ConnectionInfo::aws_allow_unsafe_html, false},
    {"verify_ssl", &ConnectionInfo::verify_ssl, true},
}};

}  // namespace flowfile
