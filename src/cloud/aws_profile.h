// Static credentials of a named profile in the AWS CLI's files, for the
// aws-cli auth method (Arrow's S3Options cannot name a profile).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "flowfile/result.h"
#include "flowfile/secret.h"

namespace flowfile::cloud {

struct AwsProfile {
  std::string access_key_id;
  Secret secret_access_key;
  Secret session_token;
  std::string region;       // from the config file; may be empty
  std::string unsupported;  // a setting we cannot honour (sso_*, role_arn, credential_process)
};

// Reads `profile` from the credentials file (AWS_SHARED_CREDENTIALS_FILE,
// default ~/.aws/credentials) and the config file (AWS_CONFIG_FILE, default
// ~/.aws/config, section "profile NAME" or "default"). nullopt when neither
// file has the profile.
std::optional<AwsProfile> ReadAwsProfile(std::string_view profile);

}  // namespace flowfile::cloud
