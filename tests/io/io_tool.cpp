// flowfile_io_tool: runs flowfile's cloud reader and writer from the command
// line, for the cross-library interop test and the cloud I/O benchmark.
//
//   flowfile_io_tool read  --endpoint URL --path URI --format F [--columns a,b]
//                          [--filter col>=value ...] [--limit N]
//   flowfile_io_tool copy  --endpoint URL --path URI --format F --to URI --to-format F
//                          [--mode overwrite|append] [--compression snappy]
//   flowfile_io_tool write --endpoint URL --local FILE.parquet --to URI --to-format F
//
// Prints one JSON object: rows, bytes, seconds, path. The connection is an
// access_key one to an S3-compatible endpoint (moto); keys come from
// FLOWFILE_TOOL_KEY_ID / FLOWFILE_TOOL_SECRET, default "testing".
#include <arrow/api.h>
#include <arrow/c/bridge.h>
#include <arrow/io/file.h>
#include <parquet/arrow/reader.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <regex>

#include "src/io/scan.h"
#include "src/io/write.h"

namespace {

using flowfile::ColumnFilter;

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value ? value : fallback;
}

flowfile::Connection ToolConnection(const std::string& endpoint) {
  flowfile::Connection connection;
  connection.info.id = 1;
  connection.info.connection_name = "tool";
  connection.info.storage_type = flowfile::StorageType::kS3;
  connection.info.auth_method = flowfile::AuthMethod::kAccessKey;
  connection.info.aws_region = "us-east-1";
  connection.info.aws_access_key_id = EnvOr("FLOWFILE_TOOL_KEY_ID", "testing");
  connection.info.endpoint_url = endpoint;
  connection.info.aws_allow_unsafe_html = endpoint.rfind("http://", 0) == 0;
  connection.secrets.set(flowfile::SecretField::kAwsSecretAccessKey,
                         flowfile::Secret(EnvOr("FLOWFILE_TOOL_SECRET", "testing")));
  return connection;
}

// "col>=12", "name==x", "x<0.5": numbers become int64 or double, else text.
flowfile::Result<ColumnFilter> ParseFilter(const std::string& text) {
  static const std::regex kPattern(R"(^([A-Za-z_][A-Za-z0-9_]*)(==|!=|<=|>=|<|>)(.*)$)");
  std::smatch match;
  if (!std::regex_match(text, match, kPattern)) {
    return flowfile::Error(flowfile::ErrorCode::kInvalidArgument, "bad filter: " + text);
  }
  static const std::map<std::string, ColumnFilter::Op> kOps = {
      {"==", ColumnFilter::Op::kEq}, {"!=", ColumnFilter::Op::kNe}, {"<", ColumnFilter::Op::kLt},
      {"<=", ColumnFilter::Op::kLe}, {">", ColumnFilter::Op::kGt},  {">=", ColumnFilter::Op::kGe}};
  ColumnFilter filter{match[1], kOps.at(match[2]), {}};
  const std::string value = match[3];
  if (std::regex_match(value, std::regex(R"(^-?[0-9]+$)"))) {
    filter.value = std::int64_t{std::stoll(value)};
  } else if (std::regex_match(value, std::regex(R"(^-?[0-9]*\.[0-9]+$)"))) {
    filter.value = std::stod(value);
  } else {
    filter.value = value;
  }
  return filter;
}

int Fail(const flowfile::Error& error) {
  std::cerr << error.ToString() << "\n";
  return 1;
}

void Print(std::int64_t rows, std::int64_t bytes, double seconds, const std::string& path) {
  std::cout << "{\"rows\": " << rows << ", \"bytes\": " << bytes << ", \"seconds\": " << seconds
            << ", \"path\": \"" << path << "\"}\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"flowfile cloud I/O tool"};
  app.require_subcommand(1);
  std::string endpoint, path, format = "parquet", to, to_format = "parquet", mode = "overwrite",
                              compression = "snappy", local;
  std::vector<std::string> columns, filters;
  std::int64_t limit = -1;
  for (CLI::App* command : {app.add_subcommand("read"), app.add_subcommand("copy"), app.add_subcommand("write")}) {
    command->add_option("--endpoint", endpoint)->required();
    command->add_option("--path", path);
    command->add_option("--format", format);
    command->add_option("--columns", columns)->delimiter(',');
    command->add_option("--filter", filters);
    command->add_option("--limit", limit);
    command->add_option("--to", to);
    command->add_option("--to-format", to_format);
    command->add_option("--mode", mode);
    command->add_option("--compression", compression);
    command->add_option("--local", local);
  }
  CLI11_PARSE(app, argc, argv);
  const std::string command = app.get_subcommands().front()->get_name();

  auto storage = flowfile::cloud::OpenStorage(ToolConnection(endpoint));
  if (!storage.ok()) return Fail(storage.error());
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };

  ArrowArrayStream stream;
  if (command == "write") {
    // Load the local file first: only the upload is timed.
    auto file = arrow::io::ReadableFile::Open(local);
    if (!file.ok()) return Fail({flowfile::ErrorCode::kPathNotFound, file.status().ToString()});
    auto reader = parquet::arrow::OpenFile(*file, arrow::default_memory_pool());
    if (!reader.ok()) return Fail({flowfile::ErrorCode::kInvalidArgument, reader.status().ToString()});
    auto table = (*reader)->ReadTable();
    if (!table.ok()) return Fail({flowfile::ErrorCode::kInternal, table.status().ToString()});
    auto batches = std::make_shared<arrow::TableBatchReader>(*table);
    batches->set_chunksize(64 * 1024);
    (void)arrow::ExportRecordBatchReader(batches, &stream);
  } else {
    auto parsed_format = flowfile::ParseFileFormat(format);
    if (!parsed_format.ok()) return Fail(parsed_format.error());
    flowfile::ScanRequest request;
    request.path = path;
    request.format = *parsed_format;
    auto frame = flowfile::io::Scan(*storage, request);
    if (!frame.ok()) return Fail(frame.error());
    flowfile::LazyFrame plan = *frame;
    if (!columns.empty()) plan = plan.Select(columns);
    for (const std::string& text : filters) {
      auto filter = ParseFilter(text);
      if (!filter.ok()) return Fail(filter.error());
      plan = plan.Filter(*filter);
    }
    if (limit >= 0) plan = plan.Limit(limit);
    if (auto status = plan.ExportStream(&stream); !status.ok()) return Fail(status.error());
  }

  if (command == "read") {
    auto reader = arrow::ImportRecordBatchReader(&stream);
    if (!reader.ok()) return Fail({flowfile::ErrorCode::kInternal, reader.status().ToString()});
    std::int64_t rows = 0;
    std::shared_ptr<arrow::RecordBatch> batch;
    while (true) {
      if (auto status = (*reader)->ReadNext(&batch); !status.ok()) {
        return Fail({flowfile::ErrorCode::kInternal, status.message()});
      }
      if (batch == nullptr) break;
      rows += batch->num_rows();
    }
    Print(rows, 0, elapsed(), path);
    return 0;
  }
  const auto started_write = std::chrono::steady_clock::now();
  flowfile::WriteRequest request;
  request.path = to;
  auto parsed_format = flowfile::ParseFileFormat(to_format);
  auto parsed_compression = flowfile::ParseCompression(compression);
  if (!parsed_format.ok()) return Fail(parsed_format.error());
  if (!parsed_compression.ok()) return Fail(parsed_compression.error());
  request.format = *parsed_format;
  request.compression = *parsed_compression;
  request.mode = mode == "append" ? flowfile::WriteMode::kAppend : flowfile::WriteMode::kOverwrite;
  auto written = flowfile::io::Write(*storage, request, &stream);
  if (!written.ok()) return Fail(written.error());
  const double seconds =
      command == "write" ? std::chrono::duration<double>(std::chrono::steady_clock::now() - started_write).count()
                         : elapsed();
  Print(written->rows, written->bytes, seconds, written->path);
  return 0;
}
