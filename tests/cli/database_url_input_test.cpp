// `flowfile serve`'s database flags: a URL whose password would show in the
// process list is refused without being repeated; a variable's URL is taken
// whole.
#include "src/cli/database_url_input.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace flowfile::cli {
namespace {

constexpr std::string_view kCanary = "Pg7CANARYwJalrXUtnFEMI";

struct UrlCase {
  std::string url;
  bool has_password;
};

class DatabaseUrlPasswordTest : public testing::TestWithParam<UrlCase> {};

TEST_P(DatabaseUrlPasswordTest, IsSeenWhereverLibpqWouldReadIt) {
  EXPECT_EQ(DatabaseUrlHasPassword(GetParam().url), GetParam().has_password) << GetParam().url;
}

INSTANTIATE_TEST_SUITE_P(
    Urls, DatabaseUrlPasswordTest,
    testing::Values(UrlCase{"postgresql://flowfile:" + std::string(kCanary) + "@db:5432/flowfile", true},
                    UrlCase{"postgres://flowfile:@db/flowfile", true},
                    UrlCase{"postgresql://u:pa?ss@db/flowfile", true},
                    UrlCase{"postgresql://u:pa/ss@db/flowfile", true},
                    UrlCase{"postgresql://flowfile@db/flowfile?password=" + std::string(kCanary), true},
                    UrlCase{"postgresql://db/flowfile?sslmode=require&PassWord=x", true},
                    UrlCase{"postgresql://db/flowfile?pass%77ord=x", true},
                    UrlCase{"postgresql://flowfile@db:5432/flowfile", false},
                    UrlCase{"postgresql://db:5432,db2:5432/flowfile?sslmode=require", false},
                    UrlCase{"postgresql://db:5432/flowfile?options=-c%20a@b", false},
                    UrlCase{"postgresql:///flowfile?host=/run/postgresql", false}, UrlCase{"", false}));

TEST(DatabaseUrlArgumentsTest, APasswordOnTheCommandLineIsRefusedWithTheWaysToGiveIt) {
  DatabaseUrlArguments arguments;
  arguments.url = "postgresql://flowfile:" + std::string(kCanary) + "@db/flowfile";
  Result<Secret> read = arguments.Read();
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(read.error().field(), "--database-url");
  for (std::string_view said : {"--database-url-from-env", "FLOWFILE_DATABASE_URL", "PGPASSWORD", "PGPASSFILE"}) {
    EXPECT_NE(read.error().message().find(said), std::string::npos) << read.error().message();
  }
  EXPECT_EQ(read.error().message().find(kCanary.substr(0, 12)), std::string::npos);
}

TEST(DatabaseUrlArgumentsTest, AUrlWithoutAPasswordIsTaken) {
  DatabaseUrlArguments arguments;
  arguments.url = "postgresql://flowfile@db/flowfile";
  Result<Secret> read = arguments.Read();
  ASSERT_TRUE(read.ok()) << read.error().message();
  EXPECT_EQ(read->reveal(), arguments.url);
}

TEST(DatabaseUrlArgumentsTest, TheNamedVariableGivesTheWholeUrl) {
  const std::string url = "postgresql://flowfile:" + std::string(kCanary) + "@db/flowfile";
  ASSERT_EQ(setenv("FLOWFILE_TEST_STORE_URL", url.c_str(), 1), 0);
  DatabaseUrlArguments arguments;
  arguments.variable = "FLOWFILE_TEST_STORE_URL";
  Result<Secret> read = arguments.Read();
  unsetenv("FLOWFILE_TEST_STORE_URL");
  ASSERT_TRUE(read.ok()) << read.error().message();
  EXPECT_EQ(read->reveal(), url);
}

TEST(DatabaseUrlArgumentsTest, AMissingOrMistypedVariableIsRefusedWithoutRepeatingAUrl) {
  DatabaseUrlArguments unset;
  unset.variable = "FLOWFILE_TEST_UNSET_URL";
  unsetenv("FLOWFILE_TEST_UNSET_URL");
  Result<Secret> missing = unset.Read();
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field(), "--database-url-from-env");
  EXPECT_NE(missing.error().message().find("FLOWFILE_TEST_UNSET_URL"), std::string::npos);

  DatabaseUrlArguments url_in_its_place;
  url_in_its_place.variable = "postgresql://u:" + std::string(kCanary) + "@db/x";
  Result<Secret> mistyped = url_in_its_place.Read();
  ASSERT_FALSE(mistyped.ok());
  EXPECT_EQ(mistyped.error().field(), "--database-url-from-env");
  EXPECT_EQ(mistyped.error().message().find(kCanary.substr(0, 12)), std::string::npos);

  DatabaseUrlArguments both;
  both.url = "postgresql://db/x";
  both.variable = "FLOWFILE_DATABASE_URL";
  EXPECT_FALSE(both.Read().ok());
}

}  // namespace
}  // namespace flowfile::cli
