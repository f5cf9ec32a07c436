#include "src/cloud/aws_log_cap.h"

#include <array>
#include <iostream>
#include <mutex>
#include <streambuf>

namespace flowfile::cloud {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Forwards to the buffer it replaced, dropping each write that is a verbose
// SDK log statement. Stateless per write, so writes from several threads
// (the SDK logs from its worker threads) need no lock here.
class AwsLogCapBuffer final : public std::streambuf {
 public:
  explicit AwsLogCapBuffer(std::streambuf* next) : next_(next) {}

 protected:
  std::streamsize xsputn(const char* text, std::streamsize size) override {
    if (IsVerboseAwsLogStatement(std::string_view(text, static_cast<std::size_t>(size)))) return size;
    return next_->sputn(text, size);
  }
  int_type overflow(int_type c) override {
    return traits_type::eq_int_type(c, traits_type::eof()) ? traits_type::not_eof(c)
                                                           : next_->sputc(traits_type::to_char_type(c));
  }
  int sync() override { return next_->pubsync(); }

 private:
  std::streambuf* const next_;
};

}  // namespace

bool IsVerboseAwsLogStatement(std::string_view text) {
  constexpr std::array<std::string_view, 3> kVerbose = {"[INFO] ", "[DEBUG] ", "[TRACE] "};
  for (std::string_view level : kVerbose) {
    if (!text.starts_with(level)) continue;
    // "YYYY-MM-DD": the SDK's timestamp, so that other output that happens
    // to start with a bracketed word still passes.
    const std::string_view date = text.substr(level.size());
    return date.size() >= 10 && IsDigit(date[0]) && IsDigit(date[1]) && IsDigit(date[2]) && IsDigit(date[3]) &&
           date[4] == '-' && IsDigit(date[5]) && IsDigit(date[6]) && date[7] == '-' && IsDigit(date[8]) &&
           IsDigit(date[9]);
  }
  return false;
}

void CapAwsConsoleLog() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Leaked on purpose: std::cout may be written to until the very end of
    // the process, after static destructors.
    auto* cap = new AwsLogCapBuffer(std::cout.rdbuf());
    std::cout.flush();
    std::cout.rdbuf(cap);
  });
}

}  // namespace flowfile::cloud
