// A thin RAII layer over libpq: one connection, parameterised statements,
// results read as text, and transactions. Not thread-safe: a connection is
// used by one thread at a time (PgPool lends them out).
//
// The database URL is a secret (it may carry a password). It is parsed by
// libpq into keywords and handed to PQconnectdbParams, never pasted into a
// string of ours, and every text libpq gives back (connection and statement
// errors) passes through a masker that hides the password and the URL
// before it can reach an Error.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flowfile/result.h"
#include "flowfile/secret.h"

struct pg_conn;
struct pg_result;

namespace flowfile::postgres {

// Hides a secret's text (the URL's password, the URL itself) in third-party
// messages.
class Masker {
 public:
  void Add(std::string_view secret);
  std::string Mask(std::string_view text) const;

 private:
  std::vector<Secret> secrets_;
};

// Statement parameters, $1, $2, ... in the order added.
class Params {
 public:
  Params& Int(std::int64_t value);
  Params& Text(std::string_view value);
  Params& Bytes(std::string_view value);  // bytea, sent in binary

 private:
  friend class PgConnection;
  std::vector<std::string> values_;
  std::vector<int> formats_;
};

class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult& operator=(PgResult&&) = delete;
  PgResult(const PgResult&) = delete;
  ~PgResult();

  int rows() const;
  // Rows affected by an INSERT/UPDATE/DELETE.
  std::int64_t affected() const;
  bool IsNull(int row, int column) const;
  std::string Text(int row, int column) const;
  std::int64_t Int(int row, int column) const;
  std::string Bytes(int row, int column) const;  // a bytea column

 private:
  friend class PgConnection;
  pg_result* result_;
};

class PgConnection {
 public:
  // Connects with the keywords libpq parses out of `url`
  // (postgresql://user:password@host:port/database?option=value).
  // Errors: kInvalidArgument for a malformed URL, kUnavailable when the
  // server cannot be reached or refuses the credentials; messages masked.
  static Result<std::unique_ptr<PgConnection>> Connect(const Secret& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Result<PgResult> Exec(std::string_view sql, const Params& params = {});
  Status Run(std::string_view sql, const Params& params = {}) { return Exec(sql, params).status(); }
  // Whether the connection is usable and outside a transaction.
  bool Idle() const;
  // Whether the connection to the server is lost.
  bool Broken() const;
  // Connects again (after a lost connection). Masked errors as Connect.
  Status Reset();

 private:
  PgConnection(pg_conn* conn, Masker masker) : conn_(conn), masker_(std::move(masker)) {}
  Error LastError(std::string_view doing, pg_result* result) const;

  pg_conn* conn_;
  Masker masker_;
};

// Whether `url` names a PostgreSQL database (postgresql:// or postgres://).
bool IsPostgresUrl(std::string_view url);

}  // namespace flowfile::postgres
