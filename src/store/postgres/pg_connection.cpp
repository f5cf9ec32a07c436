#include "src/store/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace flowfile::postgres {
namespace {

// A std::string that is wiped when it goes: the URL text libpq needs as a
// C string while it parses.
struct WipedText {
  explicit WipedText(std::string_view text) : value(text) {}
  ~WipedText() { std::fill(value.begin(), value.end(), '\0'); }
  WipedText(const WipedText&) = delete;
  WipedText& operator=(const WipedText&) = delete;
  std::string value;
};

ErrorCode CodeOfState(std::string_view state) {
  if (state == "23505") return ErrorCode::kAlreadyExists;  // unique_violation
  if (state == "23503") return ErrorCode::kNotFound;       // foreign_key_violation
  // Serialization failures, deadlocks, lost connections, shutdowns, too many
  // connections, lock timeouts: worth a retry.
  if (state.starts_with("40") || state.starts_with("08") || state.starts_with("57P") || state.starts_with("53") ||
      state == "55P03") {
    return ErrorCode::kUnavailable;
  }
  return ErrorCode::kInternal;
}

void IgnoreNotice(void*, const char*) {}

// The parsed URL as libpq keywords, with the defaults flowfile wants when
// the URL does not set them.
struct Keywords {
  std::vector<const char*> keys;
  std::vector<const char*> values;
};

Keywords KeywordsOf(const PQconninfoOption* options) {
  Keywords keywords;
  bool has_timeout = false;
  bool has_name = false;
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    has_timeout = has_timeout || std::strcmp(option->keyword, "connect_timeout") == 0;
    has_name = has_name || std::strcmp(option->keyword, "application_name") == 0;
    keywords.keys.push_back(option->keyword);
    keywords.values.push_back(option->val);
  }
  if (!has_timeout) {
    keywords.keys.push_back("connect_timeout");
    keywords.values.push_back("10");
  }
  if (!has_name) {
    keywords.keys.push_back("application_name");
    keywords.values.push_back("flowfile");
  }
  keywords.keys.push_back(nullptr);
  keywords.values.push_back(nullptr);
  return keywords;
}

// What the URL's writer put after "user:" and before the last '@', whole and
// in pieces. libpq reads a password with an unencoded '/' as a host, port
// and database instead, and quotes those pieces in its errors ("invalid
// integer value ... for connection option port"), where the password it
// parsed (none) would not mask them.
void AddWrittenPassword(Masker& masker, std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return;
  const std::string_view rest = url.substr(scheme + 3);
  const std::size_t at = rest.rfind('@');
  const std::size_t colon = rest.find(':');
  if (at == std::string_view::npos || colon == std::string_view::npos || colon > at) return;
  const std::string_view written = rest.substr(colon + 1, at - colon - 1);
  masker.Add(written);
  constexpr std::size_t kShortestPiece = 4;  // shorter pieces would mask ordinary words, and say little
  for (std::size_t start = 0; start <= written.size();) {
    const std::size_t end = std::min(written.find_first_of("/?#:@&=", start), written.size());
    if (end - start >= kShortestPiece) masker.Add(written.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

void Masker::Add(std::string_view secret) {
  if (!secret.empty()) secrets_.emplace_back(secret);
}

std::string Masker::Mask(std::string_view text) const {
  std::string masked(text);
  // Longest first, so a password inside the URL does not leave the rest of
  // the URL readable around its mask.
  std::vector<const Secret*> order;
  for (const Secret& secret : secrets_) order.push_back(&secret);
  std::sort(order.begin(), order.end(), [](const Secret* a, const Secret* b) { return a->size() > b->size(); });
  for (const Secret* secret : order) {
    const std::string_view plain = secret->reveal();
    for (std::size_t at = masked.find(plain); at != std::string::npos; at = masked.find(plain, at + 3)) {
      masked.replace(at, plain.size(), "***");
    }
  }
  return masked;
}

Params& Params::Int(std::int64_t value) {
  values_.push_back(std::to_string(value));
  formats_.push_back(0);
  return *this;
}

Params& Params::Text(std::string_view value) {
  values_.emplace_back(value);
  formats_.push_back(0);
  return *this;
}

Params& Params::Bytes(std::string_view value) {
  values_.emplace_back(value);
  formats_.push_back(1);
  return *this;
}

PgResult::~PgResult() { PQclear(result_); }

int PgResult::rows() const { return PQntuples(result_); }

std::int64_t PgResult::affected() const {
  const char* count = PQcmdTuples(result_);
  return count == nullptr || *count == '\0' ? 0 : std::strtoll(count, nullptr, 10);
}

bool PgResult::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

std::string PgResult::Text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::int64_t PgResult::Int(int row, int column) const {
  return IsNull(row, column) ? 0 : std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}

std::string PgResult::Bytes(int row, int column) const {
  std::size_t length = 0;
  unsigned char* raw =
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row, column)), &length);
  if (raw == nullptr) return {};
  std::string bytes(reinterpret_cast<const char*>(raw), length);
  PQfreemem(raw);
  return bytes;
}

bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const Secret& url) {
  // The only reads of the URL's plain text: libpq parses it, and the masker
  // keeps what must never show up in an error.
  if (!IsPostgresUrl(url.reveal())) {
    return Error(ErrorCode::kInvalidArgument, "database_url: use postgresql://user:password@host:port/database.",
                 "database_url");
  }
  Masker masker;
  masker.Add(url.reveal());
  AddWrittenPassword(masker, url.reveal());
  WipedText text(url.reveal());
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(text.value.c_str(), &parse_error);
  if (options == nullptr) {
    Error error(ErrorCode::kInvalidArgument,
                "database_url: not a valid PostgreSQL URL (" +
                    masker.Mask(parse_error != nullptr ? parse_error : "out of memory") + ").",
                "database_url");
    PQfreemem(parse_error);
    return error;
  }
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val != nullptr && std::strcmp(option->keyword, "password") == 0) masker.Add(option->val);
  }
  Keywords keywords = KeywordsOf(options);
  pg_conn* conn = PQconnectdbParams(keywords.keys.data(), keywords.values.data(), 0);
  PQconninfoFree(options);
  std::unique_ptr<PgConnection> connection(new PgConnection(conn, std::move(masker)));
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    return connection->LastError("Cannot connect to the PostgreSQL store", nullptr);
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  return connection;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Error PgConnection::LastError(std::string_view doing, pg_result* result) const {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result != nullptr ? PQresultErrorMessage(result) : "";
  if (message.empty() && conn_ != nullptr) message = PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  ErrorCode code = state != nullptr ? CodeOfState(state) : ErrorCode::kUnavailable;
  if (state == nullptr && result != nullptr && !Broken()) code = ErrorCode::kInternal;
  return Error(code, std::string(doing) + ": " + masker_.Mask(message));
}

Result<PgResult> PgConnection::Exec(std::string_view sql, const Params& params) {
  const std::string text(sql);
  std::vector<const char*> values;
  std::vector<int> lengths;
  for (const std::string& value : params.values_) {
    values.push_back(value.c_str());
    lengths.push_back(static_cast<int>(value.size()));
  }
  // Without parameters, the simple protocol: a migration step holds several
  // statements, which the extended protocol refuses.
  PgResult result(values.empty() ? PQexec(conn_, text.c_str())
                                 : PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr,
                                                values.data(), lengths.data(), params.formats_.data(), 0));
  pg_result* raw = result.result_;
  const ExecStatusType status = raw == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(raw);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return LastError("PostgreSQL failed", raw);
  return result;
}

bool PgConnection::Idle() const {
  return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

bool PgConnection::Broken() const { return conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK; }

Status PgConnection::Reset() {
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return LastError("Cannot reconnect to the PostgreSQL store", nullptr);
  PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  return Status::Ok();
}

}  // namespace flowfile::postgres
