// How the flowfile command prints results: an aligned table for people on a
// terminal, JSON for scripts. Every command that prints records takes
// --output table|json; the default is table on a terminal, json otherwise.
#pragma once

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace flowfile::cli {

enum class OutputFormat { kTable, kJson };

// Registers --output on `command`, writing into `format`, which starts as
// the default for the current standard output.
void AddOutputOption(CLI::App& command, OutputFormat& format);

// True when standard output (or standard error) is a terminal.
bool StdoutIsTerminal();
bool StderrIsTerminal();

// One table: a header row and rows of cells, columns padded to their widest
// cell. Cells are printed as given (callers pass public values only).
struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};
void PrintTable(std::ostream& out, const Table& table);

// Prints `records` (a JSON array of objects, or one object) as JSON, or as a
// table of `columns` (keys of each object; a missing key prints empty).
void PrintRecords(std::ostream& out, OutputFormat format, const nlohmann::json& records,
                  const std::vector<std::string>& columns);

}  // namespace flowfile::cli
