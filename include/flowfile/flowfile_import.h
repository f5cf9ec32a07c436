// Migration from an upstream Flowfile installation (the registry's
// `flowfile` package): its cloud storage connections, secrets included, are
// copied into this store, sealed our way, for the session's user. The
// upstream database is opened read-only and never changed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace flowfile {

// Where the upstream installation's master key comes from. The key itself
// never passes through a command line or an argument: only where to read it.
struct FlowfileKeySource {
  enum class Kind {
    kDefault,      // upstream's own locations (DefaultFlowfileKeyFiles), the first that opens the secrets
    kFile,         // a key file: upstream's .secret_key, or a file holding the master key itself
    kEnvironment,  // an environment variable holding the master key, as upstream's FLOWFILE_MASTER_KEY
  };
  Kind kind = Kind::kDefault;
  std::filesystem::path file;  // for kFile
  std::string variable;        // for kEnvironment

  static FlowfileKeySource Default() { return {}; }
  static FlowfileKeySource FromFile(std::filesystem::path path) { return {Kind::kFile, std::move(path), {}}; }
  static FlowfileKeySource FromEnvironment(std::string name) { return {Kind::kEnvironment, {}, std::move(name)}; }
};

// Upstream's key files, in the order the default source tries them, as
// upstream's SecureStorage places them: in desktop mode (the default once its
// Python package is imported) $FLOWFILE_SECURE_STORAGE_PATH/.secret_key, else
// $APPDATA/flowfile/.secret_key or ~/.config/flowfile/.secret_key; in server
// mode $SECURE_STORAGE_PATH/.secret_key, else /tmp/.flowfile/.secret_key.
// Each sits beside upstream's flowfile.json.enc, which holds the master key
// sealed with it.
std::vector<std::filesystem::path> DefaultFlowfileKeyFiles();

struct FlowfileImportRequest {
  std::filesystem::path database;  // upstream's ~/.flowfile/database/flowfile_catalog.db
  FlowfileKeySource key;
  // Whose connections to take: an upstream username. Empty: "local_user"
  // (upstream's desktop and Python user) when it has connections, else the
  // one user that has any.
  std::string upstream_user;
};

// What became of one upstream connection. Public fields only.
struct FlowfileImportItem {
  std::string connection_name;
  std::string storage_type;  // upstream's words
  std::string auth_method;
  bool imported = false;
  // Why it was skipped (the name exists here, an auth method we do not
  // support, a field our validation refuses); for an imported one, what
  // was left behind (e.g. upstream's extra_config), or empty.
  std::string reason;
};

struct FlowfileImportReport {
  std::string database;                   // the path read
  std::string key_source;                 // where the key came from: a file's path or a variable's name
  std::string upstream_user;              // whose connections were read
  std::vector<FlowfileImportItem> items;  // in upstream's order
};

}  // namespace flowfile
