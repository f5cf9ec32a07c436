#include "src/cloud/aws_profile.h"

#include <cstdlib>
#include <fstream>
#include <map>

namespace flowfile::cloud {
namespace {

std::string Trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return "";
  const auto end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string FilePath(const char* variable, const char* default_name) {
  if (const char* path = std::getenv(variable); path != nullptr && *path != '\0') return path;
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + "/.aws/" + default_name;
}

// The key = value pairs of one [section] of an INI file; nullopt when absent.
std::optional<std::map<std::string, std::string>> ReadSection(const std::string& file, std::string_view section) {
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::optional<std::map<std::string, std::string>> values;
  bool inside = false;
  std::string line;
  while (std::getline(in, line)) {
    const std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed[0] == '#' || trimmed[0] == ';') continue;
    if (trimmed.front() == '[' && trimmed.back() == ']') {
      inside = Trim(std::string_view(trimmed).substr(1, trimmed.size() - 2)) == section;
      if (inside && !values) values.emplace();
      continue;
    }
    const auto equals = trimmed.find('=');
    if (inside && equals != std::string::npos) {
      (*values)[Trim(std::string_view(trimmed).substr(0, equals))] =
          Trim(std::string_view(trimmed).substr(equals + 1));
    }
  }
  return values;
}

}  // namespace

std::optional<AwsProfile> ReadAwsProfile(std::string_view profile) {
  const std::string name = profile.empty() ? "default" : std::string(profile);
  auto credentials = ReadSection(FilePath("AWS_SHARED_CREDENTIALS_FILE", "credentials"), name);
  auto config = ReadSection(FilePath("AWS_CONFIG_FILE", "config"), name == "default" ? name : "profile " + name);
  if (!credentials && !config) return std::nullopt;
  std::map<std::string, std::string> merged = config.value_or(std::map<std::string, std::string>{});
  if (credentials) {
    for (auto& [key, value] : *credentials) merged[key] = value;
  }
  AwsProfile result;
  result.access_key_id = merged["aws_access_key_id"];
  result.secret_access_key = Secret(merged["aws_secret_access_key"]);
  result.session_token = Secret(merged["aws_session_token"]);
  result.region = merged["region"];
  for (const char* setting : {"sso_start_url", "sso_session", "role_arn", "credential_process"}) {
    if (!merged[setting].empty()) result.unsupported = setting;
  }
  for (auto& [key, value] : merged) std::fill(value.begin(), value.end(), '\0');
  return result;
}

}  // namespace flowfile::cloud
