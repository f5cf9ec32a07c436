// The entry point of the flowfile core for every front end.
//
// An Engine owns the store, the keyring, the cache of opened cloud
// filesystems and the running flows (its private implementation is
// service::EmbeddedEngine). A UserSession is what one user can do; it is the
// only way front ends reach connections and data, and every call acts for
// its user. Both are safe for use from several threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/connection_store.h"
#include "flowfile/data.h"
#include "flowfile/endpoint_policy.h"
#include "flowfile/files.h"
#include "flowfile/flow.h"
#include "flowfile/flowfile_import.h"
#include "flowfile/result.h"
#include "flowfile/saved_flow.h"
#include "flowfile/secret.h"
#include "flowfile/storage.h"
#include "flowfile/user.h"

namespace flowfile {

class UserSession;

// FLOWFILE_DATABASE_URL, or empty when it is not set.
Secret DatabaseUrlFromEnvironment();

namespace service {
class EmbeddedEngine;
}

// Which master key versions protect the stored secrets, and where the keys
// come from: what `flowfile keys status` shows. Nothing here reveals a key.
struct MasterKeyStatus {
  struct Version {
    std::uint32_t version = 0;
    std::string fingerprint;   // the first 16 hex characters of the key's check value (Keyring::Fingerprint)
    std::int64_t secrets = 0;  // stored secrets sealed with this version
  };
  std::string source;                // "FLOWFILE_MASTER_KEY", or the key file's path
  std::uint32_t active_version = 0;  // the version new secrets are sealed with
  std::vector<Version> versions;     // ascending
};

class Engine {
 public:
  // Opens the embedded engine: keyring and store of the data directory
  // (FLOWFILE_HOME, default ~/.flowfile); the store is the PostgreSQL
  // database of FLOWFILE_DATABASE_URL when that is set.
  static Result<std::shared_ptr<Engine>> OpenEmbedded();
  // The keyring of `data_directory` (or FLOWFILE_MASTER_KEY) and, with an
  // empty `database_url`, the SQLite store in that directory; with a
  // postgresql://user:password@host:port/database URL, the store in that
  // database, which several engines (server instances) may share.
  static Result<std::shared_ptr<Engine>> Open(const std::filesystem::path& data_directory,
                                              const Secret& database_url = Secret());

  // Which store backend this engine uses: "sqlite" or "postgresql".
  std::string_view store_backend() const;

  // A session acting for `user`; it keeps the engine's state alive.
  UserSession ForUser(UserId user) const;

  // Rotates the master key: adds a new key version, re-encrypts every secret
  // in one transaction, then drops the old versions. A crash at any point
  // leaves every secret readable with the keys on disk.
  Status RotateMasterKey() const;
  // The master keys as they are now on disk or in the environment.
  Result<MasterKeyStatus> KeyStatus() const;

  // Which hosts connections may reach from now on (every use of a
  // connection checks its endpoint_url). Default: any. A shared server sets
  // it once, before it serves anyone.
  void SetEndpointPolicy(EndpointPolicy policy) const;
  // From now on, users other than the local one may use auth methods that
  // sign with the host's own cloud identity (UsesHostIdentity) only with the
  // administrator's "ambient-identity" grant on their account, and never
  // with an endpoint_url: creating, updating or using such a connection is
  // kAccessDenied. A shared server calls it once, before it serves anyone.
  Status RequireHostIdentityGrant() const;

 private:
  friend class service::EmbeddedEngine;
  explicit Engine(std::shared_ptr<service::EmbeddedEngine> impl) : impl_(std::move(impl)) {}

  std::shared_ptr<service::EmbeddedEngine> impl_;
};

class UserSession {
 public:
  UserSession(std::shared_ptr<service::EmbeddedEngine> engine, UserId user)
      : engine_(std::move(engine)), user_(user) {}

  UserId user() const { return user_; }

  Result<ConnectionInfo> CreateConnection(const Connection& connection) const;
  Result<CreateOutcome> CreateConnectionIfNotExists(const Connection& connection) const;
  Result<ConnectionInfo> GetConnection(std::string_view name) const;
  Result<std::vector<ConnectionInfo>> ListConnections() const;
  Result<ConnectionInfo> UpdateConnection(std::string_view name, const ConnectionUpdate& update) const;
  Result<ConnectionInfo> RenameConnection(std::string_view from, std::string_view to) const;
  Status DeleteConnection(std::string_view name) const;
  // Copies the cloud storage connections of an upstream Flowfile database
  // into this user's store (see flowfile_import.h), skipping those it
  // cannot take and saying why. Nothing is imported when the key does not
  // open every secret: kAccessDenied (field "key"). Other errors: kNotFound
  // (field "path") for no such database; kInvalidArgument for a file that is
  // not one, an unreadable key, or several upstream users to choose from
  // (field "upstream_user").
  Result<FlowfileImportReport> ImportFlowfileDatabase(const FlowfileImportRequest& request) const;
  // This user's audit log, newest first, at most `limit` events.
  Result<std::vector<AuditEvent>> AuditLog(int limit) const;

  // A cheap call against the connection's own endpoint that proves the
  // credentials work (list or head under `path`, or the account when empty).
  Result<ConnectionTestResult> TestConnection(std::string_view name, std::string_view path) const;
  Result<BrowsePage> Browse(std::string_view name, std::string_view path, std::string_view page_token,
                            int page_size) const;
  // The same listing for a file browser (storage.h's BrowseRequest): also
  // without a connection, with the local user's own credentials; a path with
  // '..' segments, wildcards or control characters is kInvalidArgument
  // (field "path"); credentials that may not list the buckets give an empty
  // root page with root_listing_denied rather than an error.
  Result<BrowsePage> Browse(const BrowseRequest& request) const;

  // The files at `where`: the file itself, or what is directly in the
  // folder (with `recursive`, every file below it), by path.
  Result<std::vector<FileEntry>> ListFiles(const FileLocation& where, bool recursive) const;
  // Copies files byte for byte between local paths and cloud locations or
  // between two connections (see io/copy.h for the rules).
  Result<CopyResult> Copy(const FileLocation& from, const FileLocation& to, const CopyOptions& options,
                          const CopyProgressCallback& progress = {}) const;
  // The name of the user's one connection that can reach `uri`: its storage
  // type matches (and, for abfs URIs, its account). kNotFound when none,
  // kInvalidArgument naming the candidates when several do.
  Result<std::string> ConnectionFor(std::string_view uri) const;

  // An empty connection_name reads with the local user's own default
  // credential chain (no stored connection; kInvalidArgument for any other
  // user), as Write does.
  Result<LazyFrame> Scan(std::string_view connection_name, const ScanRequest& request) const;
  // The scan of `spec` with its projection, filters and limit applied: what a
  // Reader node, a preview or a server-mode frame reads. A spec with steps
  // is kInvalidArgument (field "steps"): ExportFrame runs those.
  Result<LazyFrame> Frame(const FrameSpec& spec) const;
  // The first rows of `spec`: its limit, kDefaultPreviewRows when unset;
  // kInvalidArgument (field "limit") outside 1..kMaxPreviewRows.
  Result<LazyFrame> Preview(FrameSpec spec) const;
  // Every row of `spec` as an Arrow C stream the caller owns: its read (as
  // Frame, with its pushdown) and then its steps, batch by batch (a Sort step
  // holds every row). Column errors of a step come before any row is read.
  // A spec limited to 0 rows (its limit or any Limit step) reads no row:
  // that is how its columns and types are learnt from metadata alone.
  Status ExportFrame(FrameSpec spec, ArrowArrayStream* out) const;
  // The columns of `spec` after its steps, with their types in Arrow's
  // words; reads only metadata (ExportFrame of no rows).
  Result<std::vector<ColumnType>> FrameColumns(FrameSpec spec) const;
  // The plan of `spec` in words: its read as LazyFrame::Describe says it,
  // then "; then in the engine: " and its steps. Never a secret.
  Result<std::string> DescribeFrame(const FrameSpec& spec) const;
  // The rows of a preview of `spec` as an Arrow C stream the caller owns:
  // its read (as Preview) and then its steps, at most kMaxPreviewRows rows.
  // With steps, the preview's rows are the limit a last Limit step gives.
  Status ExportPreview(FrameSpec spec, ArrowArrayStream* out) const;
  // Starts `flow` in the background as this user and returns its run id.
  // kUnavailable when too many flows run already.
  Result<std::string> StartFlow(FlowSpec flow) const;
  // A snapshot of one of this user's runs; kNotFound for another user's.
  Result<FlowRun> GetFlowRun(std::string_view id) const;
  // Stops one of this user's runs at its next batch (state "cancelled",
  // nothing written); a finished run is left as it is. kNotFound as above.
  Result<FlowRun> CancelFlowRun(std::string_view id) const;
  // Saved flows (saved_flow.h). Names: 1..kMaxFlowNameLength printable
  // characters, unique per user. Documents are checked before they are
  // stored (kInvalidArgument naming the node and field for a bad document or
  // an unknown node kind; kNotFound naming the node for a connection this
  // user does not have) and a refused one leaves the stored flow as it was.
  // kNotFound for a flow this user does not have (also another user's).
  Result<SavedFlow> CreateFlow(std::string_view name, std::string_view document) const;  // kAlreadyExists
  Result<std::vector<SavedFlow>> ListFlows() const;  // by name, without documents
  Result<SavedFlow> OpenFlow(std::string_view name) const;
  Result<SavedFlow> SaveFlow(std::string_view name, std::string_view document) const;  // replaces
  Result<SavedFlow> RenameFlow(std::string_view from, std::string_view to) const;      // kAlreadyExists
  Status DeleteFlow(std::string_view name) const;
  // Starts one run per Writer of the saved flow (each reading the chain of
  // nodes that feeds it) and returns their run ids, in node order.
  Result<std::vector<std::string>> RunFlow(std::string_view name) const;
  // Saves `frame` as a flow of a Reader and its Select, Filter and Limit
  // nodes, then a node per step (Sort, Rename, Add column, ...): what
  // Python's frame.save_as_flow does; with `replace`, over a flow of that name.
  Result<SavedFlow> SaveFrameAsFlow(std::string_view name, const FrameSpec& frame, bool replace) const;
  // Saves several frames' paths as one flow (Python's FlowGraph.save_flow):
  // each a Reader, its transform nodes and its Writer if it has one, with
  // the nodes that paths begin with in common drawn once, so they fork.
  Result<SavedFlow> SaveBranchesAsFlow(std::string_view name, const std::vector<FlowBranch>& branches,
                                       bool replace) const;
  // What the saved flow's Reader reads through the transforms after it (up
  // to its first Writer or fork), with the steps after its read: Python's
  // open_flow. kInvalidArgument when the flow has no Reader or several.
  Result<FrameSpec> FlowFrame(std::string_view name) const;
  // The commits of the Delta table at `path`, newest first: the newest
  // `limit` (0: all). kPathNotFound when the folder is not a Delta table.
  Result<std::vector<TableVersion>> DeltaHistory(std::string_view connection_name, std::string_view path,
                                                 std::int64_t limit) const;
  // Consumes `input` (released when done, also on error).
  Result<WriteResult> Write(std::string_view connection_name, const WriteRequest& request,
                            ArrowArrayStream* input) const;

 private:
  std::shared_ptr<service::EmbeddedEngine> engine_;
  UserId user_;
};

}  // namespace flowfile
