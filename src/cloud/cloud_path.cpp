#include "src/cloud/cloud_path.h"

#include <array>
#include <cctype>

#include "src/cloud/providers.h"

namespace flowfile::cloud {
namespace {

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

std::string TrimSlashes(std::string_view text) {
  while (!text.empty() && text.front() == '/') text.remove_prefix(1);
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  return std::string(text);
}

std::string JoinPath(std::string_view head, std::string_view tail) {
  if (head.empty()) return std::string(tail);
  if (tail.empty()) return std::string(head);
  return std::string(head) + "/" + std::string(tail);
}

bool IsAbfs(std::string_view scheme) { return scheme == "abfs" || scheme == "abfss"; }

}  // namespace

std::string CloudPath::bucket() const { return fs_path.substr(0, fs_path.find('/')); }

std::string CloudPath::key() const {
  const std::size_t slash = fs_path.find('/');
  return slash == std::string::npos ? std::string() : fs_path.substr(slash + 1);
}

std::string CloudPath::Uri() const { return UriOf(fs_path); }

std::string CloudPath::UriOf(std::string_view other_fs_path) const {
  const std::string path = TrimSlashes(other_fs_path);
  if (IsAbfs(scheme) && !path.empty()) {
    const std::size_t slash = path.find('/');
    const std::string container = path.substr(0, slash);
    const std::string rest = slash == std::string::npos ? "" : path.substr(slash + 1);
    return scheme + "://" + container + "@" + account_host + "/" + rest;
  }
  return scheme + "://" + path;
}

Result<CloudPath> ParseCloudPath(std::string_view uri) {
  const std::size_t separator = uri.find("://");
  if (separator == std::string_view::npos) {
    return Invalid("'" + std::string(uri) +
                   "' is not a cloud URI: use s3://bucket/key, gs://bucket/key, "
                   "abfss://container@account.dfs.core.windows.net/path or az://container/path.");
  }
  std::string scheme(uri.substr(0, separator));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const SchemeSpec* spec = nullptr;
  for (const SchemeSpec& candidate : kSchemes) {
    if (candidate.scheme == scheme) spec = &candidate;
  }
  if (spec == nullptr) {
    return Invalid("URI scheme '" + scheme +
                   "://' is not supported: use s3://, gs://, abfs://, abfss:// or az://.");
  }
  std::string_view rest = uri.substr(separator + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return Invalid(
        "Cloud URIs must not carry a query or fragment: put credentials in the connection, not the path.");
  }
  CloudPath path;
  path.storage_type = spec->storage_type;
  path.scheme = scheme;
  if (IsAbfs(scheme)) {
    // container@account.dfs.core.windows.net/path
    const std::size_t slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    const std::size_t at = authority.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == authority.size()) {
      return Invalid("'" + std::string(uri) +
                     "' is not an abfs URI: use abfss://container@account.dfs.core.windows.net/path.");
    }
    path.account_host = std::string(authority.substr(at + 1));
    const std::string_view tail = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    path.fs_path = TrimSlashes(JoinPath(authority.substr(0, at), TrimSlashes(tail)));
  } else {
    path.fs_path = TrimSlashes(rest);
  }
  return path;
}

std::string_view SchemeHint(StorageType type) { return ProviderOf(type).scheme_hint; }

Result<CloudPath> ResolveCloudPath(const ConnectionInfo& connection, std::string_view uri) {
  FLOWFILE_ASSIGN_OR_RETURN(CloudPath path, ParseCloudPath(uri));
  if (path.storage_type != connection.storage_type) {
    return Invalid("'" + path.scheme + "://' paths cannot be used with connection '" + connection.connection_name +
                   "' (storage_type " + std::string(StorageTypeName(connection.storage_type)) + "): use a " +
                   std::string(SchemeHint(connection.storage_type)) + " path.");
  }
  if (IsAbfs(path.scheme) && !connection.azure_account_name.empty()) {
    const std::string account = path.account_host.substr(0, path.account_host.find('.'));
    if (account != connection.azure_account_name) {
      return Invalid("Storage account '" + account + "' in the path is not the account of connection '" +
                     connection.connection_name + "' (" + connection.azure_account_name + ").");
    }
  }
  return path;
}

}  // namespace flowfile::cloud
