#include "src/cli/output.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace flowfile::cli {
namespace {

std::string CellText(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string joined;
    for (const auto& item : value) {
      if (!joined.empty()) joined += ",";
      joined += CellText(item);
    }
    return joined;
  }
  return value.dump();
}

}  // namespace

bool StdoutIsTerminal() { return isatty(STDOUT_FILENO) == 1; }
bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

void AddOutputOption(CLI::App& command, OutputFormat& format) {
  format = StdoutIsTerminal() ? OutputFormat::kTable : OutputFormat::kJson;
  command.add_option("--output,-o", format, "table or json (default: table on a terminal, json otherwise)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, OutputFormat>{{"table", OutputFormat::kTable}, {"json", OutputFormat::kJson}},
          CLI::ignore_case));
}

void PrintTable(std::ostream& out, const Table& table) {
  std::vector<std::size_t> widths(table.headers.size(), 0);
  auto widen = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  };
  widen(table.headers);
  for (const auto& row : table.rows) widen(row);
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < row.size() ? row[i] : "";
      line += cell;
      if (i + 1 < widths.size()) line += std::string(widths[i] - cell.size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  print_row(table.headers);
  for (const auto& row : table.rows) print_row(row);
}

void PrintRecords(std::ostream& out, OutputFormat format, const nlohmann::json& records,
                  const std::vector<std::string>& columns) {
  if (format == OutputFormat::kJson) {
    out << records.dump(2) << "\n";
    return;
  }
  Table table{.headers = columns, .rows = {}};
  auto add = [&](const nlohmann::json& record) {
    std::vector<std::string> row;
    row.reserve(columns.size());
    for (const std::string& column : columns)
      row.push_back(record.contains(column) ? CellText(record[column]) : "");
    table.rows.push_back(std::move(row));
  };
  if (records.is_array()) {
    for (const auto& record : records) add(record);
  } else {
    add(records);
  }
  PrintTable(out, table);
}

}  // namespace flowfile::cli
