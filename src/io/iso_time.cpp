#include "src/io/iso_time.h"

#include <cctype>
#include <charconv>
#include <chrono>

namespace flowfile::io {
namespace {

// Digits of `text` at `at` (exactly `count`), advancing `at`.
std::optional<int> Digits(std::string_view text, std::size_t& at, std::size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  const char* begin = text.data() + at;
  auto [end, error] = std::from_chars(begin, begin + count, value);
  if (error != std::errc() || end != begin + count) return std::nullopt;
  at += count;
  return value;
}

bool Take(std::string_view text, std::size_t& at, char c) {
  if (at < text.size() && text[at] == c) return ++at, true;
  return false;
}

}  // namespace

std::optional<std::int64_t> ParseIsoTime(std::string_view text) {
  using namespace std::chrono;
  std::size_t at = 0;
  auto year = Digits(text, at, 4);
  if (!year || !Take(text, at, '-')) return std::nullopt;
  auto month = Digits(text, at, 2);
  if (!month || !Take(text, at, '-')) return std::nullopt;
  auto day = Digits(text, at, 2);
  if (!day) return std::nullopt;
  const year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                            std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  milliseconds time = sys_days(date).time_since_epoch();
  if (at == text.size()) return time.count();
  if (!Take(text, at, 'T') && !Take(text, at, 't') && !Take(text, at, ' ')) return std::nullopt;
  auto hour = Digits(text, at, 2);
  if (!hour || *hour > 23 || !Take(text, at, ':')) return std::nullopt;
  auto minute = Digits(text, at, 2);
  if (!minute || *minute > 59) return std::nullopt;
  time += hours(*hour) + minutes(*minute);
  if (Take(text, at, ':')) {
    auto second = Digits(text, at, 2);
    if (!second || *second > 59) return std::nullopt;
    time += seconds(*second);
    if (Take(text, at, '.')) {
      std::size_t digits = 0;
      int millis = 0;
      while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
        if (digits++ < 3) millis = millis * 10 + (text[at] - '0');
        ++at;
      }
      if (digits == 0) return std::nullopt;
      for (std::size_t i = digits; i < 3; ++i) millis *= 10;
      time += milliseconds(millis);
    }
  }
  if (at == text.size() || Take(text, at, 'Z') || Take(text, at, 'z')) {
    return at == text.size() ? std::optional(time.count()) : std::nullopt;
  }
  const bool east = text[at] == '+';
  if (!Take(text, at, '+') && !Take(text, at, '-')) return std::nullopt;
  auto zone_hours = Digits(text, at, 2);
  Take(text, at, ':');
  auto zone_minutes = Digits(text, at, 2);
  if (!zone_hours || !zone_minutes || at != text.size() || *zone_hours > 23 || *zone_minutes > 59)
    return std::nullopt;
  const milliseconds offset = hours(*zone_hours) + minutes(*zone_minutes);
  return (east ? time - offset : time + offset).count();
}

}  // namespace flowfile::io
