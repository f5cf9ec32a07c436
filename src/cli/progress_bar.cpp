#include "src/cli/progress_bar.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace flowfile::cli {
namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr int kBarWidth = 24;

std::string Duration(double seconds) {
  const long total = std::lround(std::max(0.0, seconds));
  char text[32];
  std::snprintf(text, sizeof(text), "%ld:%02ld", total / 60, total % 60);
  return text;
}

}  // namespace

std::string HumanBytes(std::int64_t bytes) {
  constexpr std::array<const char*, 5> kUnits = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < kUnits.size()) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  if (unit == 0) {
    std::snprintf(text, sizeof(text), "%lld B", static_cast<long long>(bytes));
  } else {
    std::snprintf(text, sizeof(text), "%.1f %s", value, kUnits[unit]);
  }
  return text;
}

void ProgressBar::Update(const CopyProgress& progress) {
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - started_).count();
  if (!terminal_) {
    // One line per finished file; files_done grows once per file.
    for (; files_reported_ < progress.files_done; ++files_reported_) {
      out_ << "copied " << files_reported_ + 1 << "/" << progress.files_total << " files, "
           << HumanBytes(progress.bytes_done) << " of " << HumanBytes(progress.bytes_total) << "\n";
    }
    return;
  }
  const bool finished_file = progress.files_done > files_reported_;
  files_reported_ = progress.files_done;
  if (!finished_file && drawn_ && now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  Draw(progress, seconds);
}

void ProgressBar::Draw(const CopyProgress& progress, double seconds) {
  const double fraction = progress.bytes_total > 0 ? static_cast<double>(progress.bytes_done) /
                                                         static_cast<double>(progress.bytes_total)
                                                   : 1.0;
  const int filled = static_cast<int>(fraction * kBarWidth);
  const double rate = seconds > 0 ? static_cast<double>(progress.bytes_done) / seconds : 0;
  const double eta = rate > 0 ? static_cast<double>(progress.bytes_total - progress.bytes_done) / rate : 0;
  out_ << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
       << std::string(static_cast<std::size_t>(kBarWidth - filled), '.') << "] " << std::lround(fraction * 100)
       << "% " << HumanBytes(progress.bytes_done) << " / " << HumanBytes(progress.bytes_total) << "  "
       << HumanBytes(static_cast<std::int64_t>(rate)) << "/s  ETA " << Duration(eta) << "  " << progress.current
       << "\x1b[K" << std::flush;
  drawn_ = true;
}

void ProgressBar::Finish(const CopyResult& result) {
  if (drawn_) out_ << "\r\x1b[K";
  const double rate = result.seconds > 0 ? static_cast<double>(result.bytes) / result.seconds : 0;
  char seconds[32];
  std::snprintf(seconds, sizeof(seconds), "%.1f", result.seconds);
  out_ << "Copied " << result.items.size() << (result.items.size() == 1 ? " file, " : " files, ")
       << HumanBytes(result.bytes) << " in " << seconds << " s (" << HumanBytes(static_cast<std::int64_t>(rate))
       << "/s)\n"
       << std::flush;
}

}  // namespace flowfile::cli
