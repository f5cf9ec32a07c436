// How `flowfile cp` shows a copy going: on a terminal one line redrawn in
// place (bar, bytes, rate, ETA, current file), at most ten times a second;
// otherwise a plain line per file done, for logs.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

#include "flowfile/files.h"

namespace flowfile::cli {

// "1.5 MiB", "512 B".
std::string HumanBytes(std::int64_t bytes);

class ProgressBar {
 public:
  ProgressBar(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}

  void Update(const CopyProgress& progress);
  // Ends the redrawn line and prints the summary of the copy.
  void Finish(const CopyResult& result);

 private:
  void Draw(const CopyProgress& progress, double seconds);

  std::ostream& out_;
  bool terminal_;
  std::size_t files_reported_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace flowfile::cli
