// UserSession: files as a command line sees them (list, copy), and which
// connection reaches a URI.
#include "flowfile/engine.h"
#include "src/cloud/cloud_path.h"
#include "src/io/copy.h"
#include "src/io/file_space.h"
#include "src/service/embedded_engine.h"

namespace flowfile {
namespace {

Result<io::FileSpace> OpenSpace(service::EmbeddedEngine& engine, UserId user, const FileLocation& where) {
  if (where.is_local()) return io::FileSpace::Local(where.path);
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudStorage storage, engine.OpenStorage(user, where.connection_name));
  return io::FileSpace::Cloud(std::move(storage), where.path);
}

bool Reaches(const ConnectionInfo& connection, const cloud::CloudPath& path) {
  if (connection.storage_type != path.storage_type) return false;
  if (path.account_host.empty()) return true;
  return path.account_host.starts_with(connection.azure_account_name + ".");
}

}  // namespace

Result<std::vector<FileEntry>> UserSession::ListFiles(const FileLocation& where, bool recursive) const {
  FLOWFILE_ASSIGN_OR_RETURN(io::FileSpace space, OpenSpace(*engine_, user_, where));
  FLOWFILE_ASSIGN_OR_RETURN(arrow::fs::FileInfo info, space.Stat());
  std::vector<FileEntry> entries;
  if (info.type() == arrow::fs::FileType::File) {
    entries.push_back(io::ToFileEntry(space, info));
    return entries;
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<arrow::fs::FileInfo> below, space.ListBelow(recursive));
  for (const arrow::fs::FileInfo& file : below) entries.push_back(io::ToFileEntry(space, file));
  return entries;
}

Result<CopyResult> UserSession::Copy(const FileLocation& from, const FileLocation& to, const CopyOptions& options,
                                     const CopyProgressCallback& progress) const {
  FLOWFILE_ASSIGN_OR_RETURN(io::FileSpace source, OpenSpace(*engine_, user_, from));
  FLOWFILE_ASSIGN_OR_RETURN(io::FileSpace destination, OpenSpace(*engine_, user_, to));
  return io::Copy(source, destination, options, progress);
}

Result<std::string> UserSession::ConnectionFor(std::string_view uri) const {
  FLOWFILE_ASSIGN_OR_RETURN(cloud::CloudPath path, cloud::ParseCloudPath(uri));
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<ConnectionInfo> connections, ListConnections());
  std::vector<std::string> names;
  for (const ConnectionInfo& connection : connections) {
    if (Reaches(connection, path)) names.push_back(connection.connection_name);
  }
  if (names.size() == 1) return names.front();
  const std::string kind(StorageTypeName(path.storage_type));
  if (names.empty()) {
    return Error(ErrorCode::kNotFound, "No " + kind + " connection can reach " + path.Uri() +
                                           ": create one, or name one with --connection.");
  }
  std::string listed;
  for (const std::string& name : names) listed += (listed.empty() ? "'" : ", '") + name + "'";
  return InvalidField("connection", "is ambiguous for " + path.Uri() + ": " + std::to_string(names.size()) + " " +
                                        kind + " connections can reach it (" + listed +
                                        "); name one with --connection.");
}

}  // namespace flowfile
