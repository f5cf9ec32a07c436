// flowfile ls | cp | head | cat | schema: looking at and moving data through
// the local user's connections, shaped like aws s3 / gsutil.
//
// A cloud URL is reached through the connection named by --connection (or,
// for cp, --from-connection / --to-connection); without one, through the
// user's only connection of that storage type (UserSession::ConnectionFor).
// Anything without "scheme://" (or with file://) is a local path.
#include <unistd.h>

#include <arrow/c/abi.h>

#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "flowfile/engine.h"
#include "src/cli/commands.h"
#include "src/cli/exit_codes.h"
#include "src/cli/local_session.h"
#include "src/cli/output.h"
#include "src/cli/progress_bar.h"
#include "src/service/frame_output.h"

namespace flowfile::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kFileScheme = "file://";

// Where `path` is: local, or a cloud URL through `named` or the one
// connection that reaches it.
Result<FileLocation> LocationOf(const UserSession& session, std::string_view path, const std::string& named) {
  if (path.starts_with(kFileScheme))
    return FileLocation{.connection_name = "", .path = std::string(path.substr(7))};
  if (path.find("://") == std::string_view::npos)
    return FileLocation{.connection_name = "", .path = std::string(path)};
  if (!named.empty()) return FileLocation{.connection_name = named, .path = std::string(path)};
  FLOWFILE_ASSIGN_OR_RETURN(std::string name, session.ConnectionFor(path));
  return FileLocation{.connection_name = std::move(name), .path = std::string(path)};
}

// The options every data reading command shares.
struct ReadArguments {
  std::string url;
  std::string connection;
  std::string format;  // empty: from the extension
  std::vector<std::string> columns;
  std::optional<std::int64_t> delta_version;      // --format delta: time travel
  std::optional<std::string> delta_timestamp;     // --format delta: time travel by time
  std::optional<std::int64_t> snapshot_id;        // --format iceberg: time travel
  std::optional<std::string> snapshot_timestamp;  // --format iceberg: time travel by time

  void Register(CLI::App& command, bool with_columns) {
    command.add_option("url", url, "s3://bucket/key, gs://..., abfs://container@account.dfs.core.windows.net/...")
        ->required();
    command.add_option("--connection,-c", connection, "Connection to use (default: your only one for the URL)");
    command.add_option("--format,-f", format,
                       "parquet, csv, json, delta (a Delta table's folder) or iceberg (an Iceberg table's folder "
                       "or .metadata.json file)");
    command.add_option("--delta-version", delta_version, "With --format delta: the table version to read");
    command.add_option("--delta-timestamp", delta_timestamp,
                       "With --format delta: read the version of this time (ISO 8601, e.g. 2026-12-04T10:30:00Z)");
    command.add_option("--snapshot-id", snapshot_id, "With --format iceberg: the snapshot to read");
    command.add_option("--snapshot-timestamp", snapshot_timestamp,
                       "With --format iceberg: read the snapshot current at this time (ISO 8601)");
    if (with_columns)
      command.add_option("--columns", columns, "Columns to show, e.g. --columns id,name")->delimiter(',');
  }

  Result<FrameSpec> ToFrame(const UserSession& session) const {
    FLOWFILE_ASSIGN_OR_RETURN(FileLocation where, LocationOf(session, url, connection));
    if (where.is_local()) {
      return InvalidField("url",
                          "must be a cloud URL (s3://, gs://, abfs://): local files are read with the "
                          "tools you already have.");
    }
    FrameSpec spec;
    spec.connection = where.connection_name;
    spec.scan.path = url;
    if (!format.empty()) {
      FLOWFILE_ASSIGN_OR_RETURN(spec.scan.format, ParseFileFormat(format));
    } else if (std::optional<FileFormat> guessed = FileFormatFromPath(url)) {
      spec.scan.format = *guessed;
    } else {
      return InvalidField("format",
                          "cannot be told from " + url + ": pass --format parquet, csv, json, delta or iceberg.");
    }
    if (delta_timestamp && snapshot_timestamp) {
      return InvalidField("snapshot_timestamp", "give --delta-timestamp or --snapshot-timestamp, not both.");
    }
    spec.scan.version = delta_version;
    spec.scan.timestamp = delta_timestamp ? delta_timestamp : snapshot_timestamp;
    spec.scan.snapshot_id = snapshot_id;
    if (!columns.empty()) spec.columns = columns;
    return spec;
  }
};

std::string IsoTime(std::int64_t unix_ms) {
  if (unix_ms == 0) return "";
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

int RunLs(const std::string& url, const std::string& connection, bool recursive, OutputFormat output) {
  auto session = LocalSession();
  if (!session.ok()) return Fail(session.error());
  auto where = LocationOf(*session, url, connection);
  if (!where.ok()) return Fail(where.error());
  auto entries = session->ListFiles(*where, recursive);
  if (!entries.ok()) return Fail(entries.error());
  if (output == OutputFormat::kJson) {
    json out = json::array();
    for (const FileEntry& entry : *entries) {
      out.push_back({{"path", entry.path},
                     {"is_directory", entry.is_directory},
                     {"size", entry.size},
                     {"modified_at", entry.modified_at}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table{.headers = {"MODIFIED", "SIZE", "PATH"}, .rows = {}};
  for (const FileEntry& entry : *entries) {
    table.rows.push_back(
        {IsoTime(entry.modified_at), entry.is_directory ? "DIR" : HumanBytes(entry.size), entry.path});
  }
  PrintTable(std::cout, table);
  return 0;
}

struct CopyArguments {
  std::string from;
  std::string to;
  std::string connection;
  std::string from_connection;
  std::string to_connection;
  CopyOptions options;
  bool quiet = false;
};

int RunCp(const CopyArguments& args) {
  auto session = LocalSession();
  if (!session.ok()) return Fail(session.error());
  auto from =
      LocationOf(*session, args.from, args.from_connection.empty() ? args.connection : args.from_connection);
  if (!from.ok()) return Fail(from.error());
  auto to = LocationOf(*session, args.to, args.to_connection.empty() ? args.connection : args.to_connection);
  if (!to.ok()) return Fail(to.error());
  ProgressBar bar(std::cerr, StderrIsTerminal());
  CopyProgressCallback progress;
  if (!args.quiet && !args.options.dry_run) progress = [&bar](const CopyProgress& p) { bar.Update(p); };
  auto result = session->Copy(*from, *to, args.options, progress);
  if (!result.ok()) {
    if (StderrIsTerminal()) std::cerr << "\r\x1b[K";
    return Fail(result.error());
  }
  if (args.options.dry_run) {
    for (const CopyItem& item : result->items) {
      std::cout << "would copy " << item.from << " -> " << item.to << " (" << HumanBytes(item.size) << ")\n";
    }
    return 0;
  }
  if (!args.quiet) bar.Finish(*result);
  return 0;
}

int RunHead(const ReadArguments& args, std::int64_t rows, OutputFormat output) {
  auto session = LocalSession();
  if (!session.ok()) return Fail(session.error());
  auto spec = args.ToFrame(*session);
  if (!spec.ok()) return Fail(spec.error());
  spec->limit = rows;
  auto frame = session->Preview(*spec);
  if (!frame.ok()) return Fail(frame.error());
  ArrowArrayStream stream{};
  if (Status exported = frame->ExportStream(&stream); !exported.ok()) return Fail(exported.error());
  auto table = service::PreviewRows(&stream, rows);
  if (!table.ok()) return Fail(table.error());
  std::vector<std::string> names;
  for (const json& column : (*table)["columns"]) names.push_back(column["name"].get<std::string>());
  json records = json::array();
  for (const json& row : (*table)["rows"]) {
    json record = json::object();
    for (std::size_t i = 0; i < names.size(); ++i) record[names[i]] = row[i];
    records.push_back(std::move(record));
  }
  PrintRecords(std::cout, output, records, names);
  return 0;
}

int RunCat(const ReadArguments& args, const std::string& output_format) {
  auto session = LocalSession();
  if (!session.ok()) return Fail(session.error());
  auto spec = args.ToFrame(*session);
  if (!spec.ok()) return Fail(spec.error());
  WriteRequest print;
  auto format = ParseFileFormat(output_format);
  if (!format.ok()) return Fail(format.error());
  print.format = *format;
  if (print.format == FileFormat::kParquet || print.format == FileFormat::kDelta ||
      print.format == FileFormat::kIceberg) {
    return Fail(
        InvalidField("format", "parquet is not printable: use csv or json, or flowfile cp to copy the file."));
  }
  auto frame = session->Frame(*spec);
  if (!frame.ok()) return Fail(frame.error());
  std::cout.flush();
  auto written = service::PrintRows(*frame, print, STDOUT_FILENO);
  return written.ok() ? 0 : Fail(written.error());
}

int RunSchema(const ReadArguments& args, OutputFormat output) {
  auto session = LocalSession();
  if (!session.ok()) return Fail(session.error());
  auto spec = args.ToFrame(*session);
  if (!spec.ok()) return Fail(spec.error());
  auto frame = session->Frame(*spec);
  if (!frame.ok()) return Fail(frame.error());
  auto columns = frame->Columns();
  if (!columns.ok()) return Fail(columns.error());
  json records = json::array();
  for (const ColumnType& column : *columns) records.push_back({{"name", column.name}, {"type", column.type}});
  PrintRecords(std::cout, output, records, {"name", "type"});
  return 0;
}

}  // namespace

Command AddDataCommands(CLI::App& app) {
  CLI::App* ls = app.add_subcommand("ls", "List files at a cloud URL or local path");
  auto ls_url = std::make_shared<std::string>();
  auto ls_connection = std::make_shared<std::string>();
  auto ls_recursive = std::make_shared<bool>(false);
  auto ls_output = std::make_shared<OutputFormat>();
  ls->add_option("url", *ls_url, "s3://bucket/prefix/, gs://bucket, ... (s3:// alone lists buckets)")->required();
  ls->add_option("--connection,-c", *ls_connection, "Connection to use (default: your only one for the URL)");
  ls->add_flag("--recursive,-r", *ls_recursive, "Every file below, not only the folder's own entries");
  AddOutputOption(*ls, *ls_output);

  CLI::App* cp = app.add_subcommand("cp", "Copy files between local paths and cloud URLs, or between two clouds");
  auto cp_args = std::make_shared<CopyArguments>();
  cp->add_option("source", cp_args->from, "A file or, with --recursive, a folder")->required();
  cp->add_option("destination", cp_args->to, "A file, or a folder (ending in /) to copy into")->required();
  cp->add_option("--connection,-c", cp_args->connection, "Connection for both sides");
  cp->add_option("--from-connection", cp_args->from_connection, "Connection for the source");
  cp->add_option("--to-connection", cp_args->to_connection, "Connection for the destination");
  cp->add_flag("--recursive,-r", cp_args->options.recursive,
               "Copy every file below a folder, keeping their paths");
  cp->add_flag("--dry-run", cp_args->options.dry_run, "Say what would be copied; copy nothing");
  cp->add_flag("--quiet,-q", cp_args->quiet, "No progress and no summary");

  CLI::App* head = app.add_subcommand("head", "Print the first rows of a Parquet, CSV or JSON file or folder");
  auto head_args = std::make_shared<ReadArguments>();
  auto head_rows = std::make_shared<std::int64_t>(10);
  auto head_output = std::make_shared<OutputFormat>();
  head_args->Register(*head, /*with_columns=*/true);
  head->add_option("-n,--rows", *head_rows, "Rows to print (1 to 1000)")->capture_default_str();
  AddOutputOption(*head, *head_output);

  CLI::App* cat =
      app.add_subcommand("cat", "Print a Parquet, CSV or JSON file or folder, or a table, as CSV or JSON lines");
  auto cat_args = std::make_shared<ReadArguments>();
  auto cat_output = std::make_shared<std::string>("csv");
  cat_args->Register(*cat, /*with_columns=*/true);
  cat->add_option("--to", *cat_output, "csv or json (JSON lines)")->capture_default_str();

  CLI::App* schema =
      app.add_subcommand("schema", "Print the columns and types of a Parquet, CSV or JSON file or folder");
  auto schema_args = std::make_shared<ReadArguments>();
  auto schema_output = std::make_shared<OutputFormat>();
  schema_args->Register(*schema, /*with_columns=*/false);
  AddOutputOption(*schema, *schema_output);

  return [=]() -> int {
    if (ls->parsed()) return RunLs(*ls_url, *ls_connection, *ls_recursive, *ls_output);
    if (cp->parsed()) return RunCp(*cp_args);
    if (head->parsed()) return RunHead(*head_args, *head_rows, *head_output);
    if (cat->parsed()) return RunCat(*cat_args, *cat_output);
    if (schema->parsed()) return RunSchema(*schema_args, *schema_output);
    return -1;
  };
}

}  // namespace flowfile::cli
