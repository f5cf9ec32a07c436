#include "src/service/flowfile_keys.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>

#include "src/crypto/fernet.h"

namespace flowfile {

std::vector<std::filesystem::path> DefaultFlowfileKeyFiles() {
  std::vector<std::filesystem::path> files;
  const auto variable = [](const char* name) -> std::string {
    const char* value = std::getenv(name);
    return value == nullptr ? std::string() : std::string(value);
  };
  // Upstream's SecureStorage: the desktop mode (which importing its Python
  // package selects) first, then the server's.
  if (std::string folder = variable("FLOWFILE_SECURE_STORAGE_PATH"); !folder.empty()) {
    files.push_back(std::filesystem::path(folder) / ".secret_key");
  }
  if (std::string folder = variable("APPDATA"); !folder.empty()) {
    files.push_back(std::filesystem::path(folder) / "flowfile" / ".secret_key");
  } else if (std::string home = variable("HOME"); !home.empty()) {
    files.push_back(std::filesystem::path(home) / ".config" / "flowfile" / ".secret_key");
  }
  if (std::string folder = variable("SECURE_STORAGE_PATH"); !folder.empty()) {
    files.push_back(std::filesystem::path(folder) / ".secret_key");
  }
  files.emplace_back("/tmp/.flowfile/.secret_key");
  return files;
}

namespace service {
namespace {

constexpr std::uintmax_t kMaxKeyFileBytes = 64 * 1024;
constexpr std::string_view kKeyStoreName = "flowfile.json.enc";

Error KeyError(const std::string& message) { return Error(ErrorCode::kInvalidArgument, message, "key"); }

// The file's bytes in a Secret; the read buffer is wiped.
Result<Secret> ReadSmallFile(const std::filesystem::path& path, std::string_view what) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error)
    return KeyError("Cannot read the " + std::string(what) + " " + path.string() + ": " + error.message() + ".");
  if (size > kMaxKeyFileBytes)
    return KeyError("The " + std::string(what) + " " + path.string() + " is too large.");
  std::ifstream in(path, std::ios::binary);
  if (!in) return KeyError("Cannot read the " + std::string(what) + " " + path.string() + ".");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Secret secret(bytes);
  std::fill(bytes.begin(), bytes.end(), '\0');
  return secret;
}

// Upstream strips whitespace and quotes from FLOWFILE_MASTER_KEY.
std::string_view TrimKeyText(std::string_view text) {
  const auto strip = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'';
  };
  while (!text.empty() && strip(text.front())) text.remove_prefix(1);
  while (!text.empty() && strip(text.back())) text.remove_suffix(1);
  return text;
}

// A master key text, checked to be a Fernet key as upstream checks it.
Result<Secret> MasterKeyText(std::string_view text, const std::string& source) {
  const std::string_view trimmed = TrimKeyText(text);
  if (!crypto::ParseFernetKey(trimmed).ok()) {
    return KeyError(source +
                    " does not hold a Flowfile master key (a Fernet key: 44 characters of url-safe base64).");
  }
  return Secret(trimmed);
}

// The master key sealed in upstream's flowfile.json.enc under `store_key`.
Result<Secret> MasterKeyFromStore(const Secret& store_key, const std::filesystem::path& store,
                                  const std::filesystem::path& key_file) {
  FLOWFILE_ASSIGN_OR_RETURN(Secret sealed, ReadSmallFile(store, "key store"));
  auto fernet_key = crypto::ParseFernetKey(store_key.reveal());
  if (!fernet_key.ok()) return KeyError(key_file.string() + " is not a Fernet key file.");
  auto plain = crypto::OpenFernetToken(*fernet_key, sealed.reveal());
  if (!plain.ok()) {
    return Error(
        plain.error().code() == ErrorCode::kAccessDenied ? ErrorCode::kAccessDenied : ErrorCode::kInvalidArgument,
        key_file.string() + " does not open " + store.string() + " beside it: they are not of one installation.",
        "key");
  }
  nlohmann::json document = nlohmann::json::parse(plain->reveal(), nullptr, /*allow_exceptions=*/false);
  if (!document.is_object() || !document.contains("master_key") || !document["master_key"].is_string()) {
    return KeyError(store.string() + " holds no master_key.");
  }
  std::string& text = document["master_key"].get_ref<std::string&>();
  auto master = MasterKeyText(text, store.string());
  std::fill(text.begin(), text.end(), '\0');
  return master;
}

Result<UpstreamMasterKey> ReadKeyFile(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return KeyError("No key file at " + path.string() +
                    ". Give upstream's .secret_key (in ~/.config/flowfile or " +
                    "/tmp/.flowfile) or a file holding its FLOWFILE_MASTER_KEY.");
  }
  FLOWFILE_ASSIGN_OR_RETURN(Secret content, ReadSmallFile(path, "key file"));
  const std::filesystem::path store = path.parent_path() / kKeyStoreName;
  if (std::filesystem::is_regular_file(store, error)) {
    FLOWFILE_ASSIGN_OR_RETURN(Secret master, MasterKeyFromStore(content, store, path));
    return UpstreamMasterKey{path.string(), std::move(master)};
  }
  FLOWFILE_ASSIGN_OR_RETURN(Secret master, MasterKeyText(content.reveal(), path.string()));
  return UpstreamMasterKey{path.string(), std::move(master)};
}

}  // namespace

Result<std::vector<UpstreamMasterKey>> ReadUpstreamMasterKeys(const FlowfileKeySource& source) {
  std::vector<UpstreamMasterKey> keys;
  switch (source.kind) {
    case FlowfileKeySource::Kind::kFile: {
      FLOWFILE_ASSIGN_OR_RETURN(UpstreamMasterKey key, ReadKeyFile(source.file));
      keys.push_back(std::move(key));
      break;
    }
    case FlowfileKeySource::Kind::kEnvironment: {
      const std::string name = "environment variable " + source.variable;
      const char* value = source.variable.empty() ? nullptr : std::getenv(source.variable.c_str());
      if (value == nullptr || *value == '\0') return KeyError("The " + name + " is not set or empty.");
      FLOWFILE_ASSIGN_OR_RETURN(Secret master, MasterKeyText(value, "The " + name));
      keys.push_back({name, std::move(master)});
      break;
    }
    case FlowfileKeySource::Kind::kDefault: {
      // A default place may hold another installation's or a broken key:
      // it is passed over, and reported only when no place has a usable one.
      std::string tried;
      std::optional<Error> unusable;
      for (const std::filesystem::path& file : DefaultFlowfileKeyFiles()) {
        tried += (tried.empty() ? "" : ", ") + file.string();
        std::error_code error;
        if (!std::filesystem::exists(file, error)) continue;
        auto key = ReadKeyFile(file);
        if (key.ok()) {
          keys.push_back(std::move(*key));
        } else if (!unusable) {
          unusable = key.error();
        }
      }
      if (keys.empty() && unusable) return *unusable;
      if (keys.empty()) {
        return KeyError("No Flowfile key file found (looked for " + tried +
                        "). Give the installation's key file or the variable that holds its master key.");
      }
      break;
    }
  }
  return keys;
}

}  // namespace service
}  // namespace flowfile
