// A fresh PostgreSQL database for one test, in the throwaway cluster that
// scripts/services/postgres starts (FLOWFILE_TEST_POSTGRES_URL), dropped
// afterwards. Without that variable a test skips, except under CI=true,
// where the cluster is always started and its absence is a failure.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>
#include <atomic>
#include <cstdlib>
#include <random>
#include <string>

#include "flowfile/secret.h"
#include "src/store/postgres/pg_connection.h"

namespace flowfile::testing_support {

inline const char* PostgresTestUrl() { return std::getenv("FLOWFILE_TEST_POSTGRES_URL"); }

// GTEST_SKIP()s or fails the calling test when no test cluster is running.
#define FLOWFILE_REQUIRE_POSTGRES()                                                                          \
  do {                                                                                                       \
    if (::flowfile::testing_support::PostgresTestUrl() == nullptr) {                                         \
      const char* ci = std::getenv("CI");                                                                    \
      if (ci != nullptr && std::string(ci) == "true") FAIL() << "FLOWFILE_TEST_POSTGRES_URL unset under CI"; \
      GTEST_SKIP() << "no FLOWFILE_TEST_POSTGRES_URL: run under scripts/test (scripts/services/postgres)";   \
    }                                                                                                        \
  } while (false)

class TempPostgresDatabase {
 public:
  // Call only when PostgresTestUrl() is set.
  TempPostgresDatabase() {
    static std::atomic<int> counter{0};
    std::random_device random;
    name_ = "flowfile_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
            std::to_string(random() % 1000000);
    const std::string admin = PostgresTestUrl();
    const std::size_t slash = admin.rfind('/');
    url_ = Secret(admin.substr(0, slash + 1) + name_);
    // A linguistic default collation (ICU en-US sorts "Zeta" after "alpha"),
    // as on many production servers, so the store's bytewise order is tested.
    Admin("CREATE DATABASE " + name_ +
          " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
  }
  ~TempPostgresDatabase() { Admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }
  TempPostgresDatabase(const TempPostgresDatabase&) = delete;
  TempPostgresDatabase& operator=(const TempPostgresDatabase&) = delete;

  const Secret& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  static void Admin(const std::string& sql) {
    auto admin = postgres::PgConnection::Connect(Secret(PostgresTestUrl()));
    ASSERT_TRUE(admin.ok()) << admin.error().message();
    Status done = (*admin)->Run(sql);
    ASSERT_TRUE(done.ok()) << done.error().message();
  }

  std::string name_;
  Secret url_;
};

}  // namespace flowfile::testing_support
