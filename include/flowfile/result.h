// Result<T> and Status: how every flowfile C++ call reports failure.
// Exceptions are made only at the Python boundary, in one place.
#pragma once

#include <optional>
#include <utility>
#include <variant>

#include "flowfile/error.h"

namespace flowfile {

// Success, or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  static Status Ok() { return {}; }
  bool ok() const { return !error_.has_value(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

// A value of type T, or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(status.error()) {}  // NOLINT(google-explicit-constructor): must not be ok

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Error& error() const { return std::get<Error>(state_); }
  Status status() const { return ok() ? Status() : Status(error()); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace flowfile

#define FLOWFILE_CONCAT_INNER(a, b) a##b
#define FLOWFILE_CONCAT(a, b) FLOWFILE_CONCAT_INNER(a, b)

// Returns the error of a Status or Result expression from the enclosing function.
#define FLOWFILE_RETURN_IF_ERROR(expr)                           \
  do {                                                           \
    auto&& _flowfile_status = (expr);                            \
    if (!_flowfile_status.ok()) return _flowfile_status.error(); \
  } while (false)

// Declares or assigns `lhs` from a Result expression, returning its error.
#define FLOWFILE_ASSIGN_OR_RETURN(lhs, expr) \
  FLOWFILE_ASSIGN_OR_RETURN_IMPL(FLOWFILE_CONCAT(_flowfile_result_, __LINE__), lhs, expr)
#define FLOWFILE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.error();                   \
  lhs = std::move(tmp).value()
