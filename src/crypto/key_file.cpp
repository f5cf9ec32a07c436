#include "src/crypto/key_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <optional>
#include <system_error>
#include <utility>

#include "src/crypto/base64.h"
#include "src/crypto/hex.h"
#include "src/crypto/master_key_text.h"
#include "src/crypto/random.h"
#include "src/crypto/wiping_buffer.h"

namespace flowfile::crypto {
namespace {

constexpr std::string_view kKeyFileName = "master.key";
// A key file of 1 MiB would hold some 18 000 versions; anything larger is
// not a key file and is not read into memory.
constexpr off_t kMaxKeyFileSize = 1 << 20;

// Owns a file descriptor; closes it when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileDescriptor& operator=(FileDescriptor&&) = delete;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }

  int get() const { return fd_; }
  // Closes now and reports whether that worked: some file systems report a
  // failed write only at close.
  bool Close() { return ::close(std::exchange(fd_, -1)) == 0; }

 private:
  int fd_;
};

Error IoError(std::string_view what, const std::filesystem::path& path, int error) {
  return Error(ErrorCode::kUnavailable,
               std::string(what) + " " + path.string() + ": " + std::generic_category().message(error) + ".");
}

Status WriteAll(int fd, std::string_view bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return IoError("Cannot write", path, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return Status::Ok();
}

Status SyncDirectory(const std::filesystem::path& directory) {
  FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) return IoError("Cannot sync the directory", directory, errno);
  return Status::Ok();
}

// Writes `text` to a new file beside the key file, created 0600 from the
// start (O_EXCL, so never someone else's file), and fsyncs it.
Result<std::filesystem::path> WriteTemporaryKeyFile(const std::filesystem::path& directory, const Secret& text) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    unsigned char suffix[8];
    FLOWFILE_RETURN_IF_ERROR(FillRandom(suffix, sizeof suffix));
    const std::filesystem::path temporary =
        directory / (std::string(kKeyFileName) + ".tmp-" + EncodeHex(suffix, sizeof suffix));
    FileDescriptor file(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (file.get() < 0) {
      if (errno == EEXIST) continue;
      return IoError("Cannot create a temporary key file in", directory, errno);
    }
    Status written = WriteAll(file.get(), text.reveal(), temporary);
    if (written.ok() && ::fsync(file.get()) != 0) written = IoError("Cannot sync", temporary, errno);
    if (written.ok() && !file.Close()) written = IoError("Cannot write", temporary, errno);
    if (!written.ok()) {
      ::unlink(temporary.c_str());
      return written.error();
    }
    return temporary;
  }
  return Error(ErrorCode::kUnavailable, "Cannot find a free temporary file name in " + directory.string() + ".");
}

// The keys of the key file at `path`, or nullopt when there is none.
Result<std::optional<std::vector<MasterKey>>> ReadKeyFile(const std::filesystem::path& path) {
  FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) {
    if (errno == ENOENT) return std::optional<std::vector<MasterKey>>();
    return IoError("Cannot open the master key file", path, errno);
  }
  // Checked on the opened file, not the name, so a swap between check and
  // read cannot slip a looser file past.
  struct stat status {};
  if (::fstat(file.get(), &status) != 0) return IoError("Cannot inspect the master key file", path, errno);
  if (!S_ISREG(status.st_mode)) {
    return Error(ErrorCode::kInvalidArgument, "The master key file " + path.string() + " is not a regular file.");
  }
  if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Error(ErrorCode::kAccessDenied, "The master key file " + path.string() +
                                               " is readable by other users: run chmod 600 " + path.string() +
                                               ".");
  }
  if (status.st_size > kMaxKeyFileSize) {
    return Error(ErrorCode::kInvalidArgument,
                 "The master key file " + path.string() + " is too large to be a key file.");
  }
  WipingBuffer buffer(static_cast<std::size_t>(status.st_size) + 1);
  std::size_t length = 0;
  while (length < buffer.size()) {
    const ssize_t got = ::read(file.get(), buffer.data() + length, buffer.size() - length);
    if (got < 0) {
      if (errno == EINTR) continue;
      return IoError("Cannot read the master key file", path, errno);
    }
    if (got == 0) break;
    length += static_cast<std::size_t>(got);
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<MasterKey> keys, ParseKeyFile(buffer.view(length), path));
  return std::optional<std::vector<MasterKey>>(std::move(keys));
}

MasterKey RandomMasterKey(std::uint32_t version) {
  WipingBuffer bytes(kMasterKeySize);
  FillRandomOrAbort(bytes.data(), bytes.size());
  return MasterKey{version, Secret(bytes.view(bytes.size()))};
}

// Creates the key file with one random key, unless another process was first.
Status CreateKeyFile(const std::filesystem::path& directory) {
  std::vector<MasterKey> keys;
  keys.push_back(RandomMasterKey(1));
  FLOWFILE_ASSIGN_OR_RETURN(std::filesystem::path temporary,
                            WriteTemporaryKeyFile(directory, FormatKeyFile(keys)));
  // link() publishes the complete file under its final name, or fails with
  // EEXIST when another process created it first: no reader ever sees a
  // half-written key file, and an existing key is never replaced.
  const std::filesystem::path path = MasterKeyFilePath(directory);
  const int linked = ::link(temporary.c_str(), path.c_str());
  const int link_error = errno;
  ::unlink(temporary.c_str());
  if (linked != 0 && link_error != EEXIST) return IoError("Cannot create the master key file", path, link_error);
  return SyncDirectory(directory);
}

// Replaces the key file by one holding `keys`, atomically.
Status RewriteKeyFile(const std::filesystem::path& directory, const std::vector<MasterKey>& keys) {
  FLOWFILE_ASSIGN_OR_RETURN(std::filesystem::path temporary,
                            WriteTemporaryKeyFile(directory, FormatKeyFile(keys)));
  const std::filesystem::path path = MasterKeyFilePath(directory);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    return IoError("Cannot replace the master key file", path, error);
  }
  return SyncDirectory(directory);
}

// An exclusive advisory lock on the data directory, held while a rotation
// reads, changes and rewrites the key file.
Result<FileDescriptor> LockDirectory(const std::filesystem::path& directory) {
  FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return IoError("Cannot open the data directory", directory, errno);
  while (::flock(dir.get(), LOCK_EX) != 0) {
    if (errno != EINTR) return IoError("Cannot lock the data directory", directory, errno);
  }
  return dir;
}

Status RefuseEnvironmentKeys() {
  if (std::getenv(std::string(kMasterKeyVariable).c_str()) == nullptr) return Status::Ok();
  return Error(ErrorCode::kInvalidArgument,
               "The master keys come from FLOWFILE_MASTER_KEY, not from a key file: to rotate, add the new key to "
               "the variable as \"N:<base64>\" (for example \"1:<old key>,2:<new key>\", with a new key from "
               "`openssl rand -base64 32`), run `flowfile keys rotate` with it to re-seal every secret, then drop "
               "the old key from the variable and restart.");
}

}  // namespace

std::filesystem::path MasterKeyFilePath(const std::filesystem::path& data_directory) {
  return data_directory / kKeyFileName;
}

Result<std::vector<MasterKey>> ReadOrCreateKeyFile(const std::filesystem::path& data_directory) {
  const std::filesystem::path path = MasterKeyFilePath(data_directory);
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<std::vector<MasterKey>> existing, ReadKeyFile(path));
  if (existing) return std::move(*existing);
  FLOWFILE_RETURN_IF_ERROR(CreateKeyFile(data_directory));
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<std::vector<MasterKey>> created, ReadKeyFile(path));
  if (!created)
    return Error(ErrorCode::kUnavailable,
                 "The master key file " + path.string() + " vanished right after it was created.");
  return std::move(*created);
}

Result<std::shared_ptr<const Keyring>> AddMasterKeyVersion(const std::filesystem::path& data_directory) {
  FLOWFILE_RETURN_IF_ERROR(RefuseEnvironmentKeys());
  FLOWFILE_ASSIGN_OR_RETURN(FileDescriptor lock, LockDirectory(data_directory));
  FLOWFILE_ASSIGN_OR_RETURN(std::vector<MasterKey> keys, ReadOrCreateKeyFile(data_directory));
  std::uint32_t newest = 0;
  for (const MasterKey& key : keys) newest = std::max(newest, key.version);
  if (newest == std::numeric_limits<std::uint32_t>::max()) {
    return Error(ErrorCode::kInvalidArgument,
                 "The master key file " + MasterKeyFilePath(data_directory).string() +
                     " already uses the highest version number; drop the old versions "
                     "and renumber the key by hand.");
  }
  keys.push_back(RandomMasterKey(newest + 1));
  FLOWFILE_RETURN_IF_ERROR(RewriteKeyFile(data_directory, keys));
  return Keyring::Load(data_directory);
}

Status DropMasterKeyVersionsExcept(const std::filesystem::path& data_directory, std::uint32_t keep) {
  FLOWFILE_RETURN_IF_ERROR(RefuseEnvironmentKeys());
  FLOWFILE_ASSIGN_OR_RETURN(FileDescriptor lock, LockDirectory(data_directory));
  const std::filesystem::path path = MasterKeyFilePath(data_directory);
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<std::vector<MasterKey>> keys, ReadKeyFile(path));
  if (!keys) return Error(ErrorCode::kNotFound, "There is no master key file " + path.string() + ".");
  const auto kept =
      std::find_if(keys->begin(), keys->end(), [&](const MasterKey& key) { return key.version == keep; });
  if (kept == keys->end()) {
    return Error(ErrorCode::kNotFound, "Master key version " + std::to_string(keep) + " is not in " +
                                           path.string() + "; nothing was dropped.");
  }
  if (keys->size() == 1) return Status::Ok();
  std::vector<MasterKey> remaining;
  remaining.push_back(std::move(*kept));
  return RewriteKeyFile(data_directory, remaining);
}

std::string GenerateMasterKeyBase64() {
  const MasterKey key = RandomMasterKey(1);
  return EncodeBase64(key.bytes.reveal());
}

}  // namespace flowfile::crypto
