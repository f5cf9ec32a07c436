// The flowfile command's argument parser (src/cli/command_line.h) over the
// tree of the command's own argument pieces: every way CLI11 refuses a
// command line is answered with the usage exit code and one line that names
// the flag or position at fault, never the value typed (a secret may be
// typed where a flag expected something else).
#include "src/cli/command_line.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/command_line_fuzz.h"
#include "src/cli/exit_codes.h"
#include "src/cli/secret_input.h"

namespace flowfile::cli {
namespace {

constexpr const char* kCanary = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYCANARY";

struct Parsed {
  std::optional<int> ended;
  std::string out;
  std::string err;
};

Parsed Parse(const std::vector<std::string>& args) {
  const auto tree = fuzzing::MakeCommandLineUnderTest();
  std::ostringstream out, err;
  std::optional<int> ended = ParseCommandLine(tree->app, args, out, err);
  return {ended, out.str(), err.str()};
}

struct RefusedCase {
  std::string what;
  std::vector<std::string> args;
  std::vector<std::string> says;  // what the message must name
};

std::string Canary() { return kCanary; }

const std::vector<RefusedCase> kRefused = {
    {"a value a boolean flag cannot read",
     {"connections", "create", "lake", "--verify-ssl", Canary()},
     {"--verify-ssl", "not valid"}},
    {"the same glued with '='", {"connections", "create", "lake", "--verify-ssl=" + Canary()}, {"--verify-ssl"}},
    {"a misspelt secret flag with its secret",
     {"connections", "create", "lake", "--aws-secret-acess-key", Canary()},
     {"argument 4 (an unknown option; did you mean --aws-secret-access-key?)", "argument 5"}},
    {"a value after a flag that takes none",
     {"connections", "create", "lake", "--secrets-stdin", Canary()},
     {"argument 5", "after --secrets-stdin"}},
    {"a value glued to a flag that takes none",
     {"connections", "create", "lake", "--secrets-stdin=" + Canary()},
     {"--secrets-stdin is a flag"}},
    {"a value not among the choices", {"connections", "create", "lake", "-o", Canary()}, {"--output", "table"}},
    {"a secret flag on an otherwise wrong command line",
     {"connections", "create", "--aws-secret-access-key", Canary()},
     {"--aws-secret-access-key refused", "--secrets-stdin"}},
    {"a password flag given twice",
     {"users", "add", "ann", "--password", Canary(), "--password", Canary()},
     {"--password refused", "--password-stdin"}},
    {"a number that is not one", {"head", "s3://b/k", "-n", Canary()}, {"--rows", "not valid"}},
    {"a number glued to its short flag", {"head", "s3://b/k", "-n" + Canary()}, {"--rows"}},
    {"a positional number that is not one", {"tokens", "revoke", "-u", "ann", Canary()}, {"id"}},
    {"a positional outside its choices", {"completion", Canary()}, {"shell", "bash or zsh"}},
    {"two options that exclude each other",
     {"import", "/tmp/db", "--key-file", Canary(), "--key-from-env", Canary()},
     {"--key-file", "cannot be used with", "--key-from-env"}},
    {"a database URL given twice",
     {"serve", "--database-url", "postgresql://u:" + Canary() + "@h/db", "--database-url", Canary()},
     {"--database-url was given more than once"}},
    {"an unknown word at the top", {Canary()}, {"`flowfile` needs a command: one of connections, users"}},
    {"an unknown option at the top", {"--" + Canary()}, {"argument 1 (an unknown option)"}},
    {"a misspelt command",
     {"connections", "crate", Canary()},
     {"argument 2 (a value nothing here takes; did you mean create?)", "argument 3"}},
    {"a group without its command", {"connections"}, {"needs a command: one of create, update"}},
    {"a missing positional", {"users", "add"}, {"needs name"}},
    {"a missing option", {"tokens", "revoke", "7"}, {"needs --user"}},
};

class RefusedCommandLine : public testing::TestWithParam<RefusedCase> {};

TEST_P(RefusedCommandLine, NamesTheFlagOrPositionButNeverTheValue) {
  const Parsed parsed = Parse(GetParam().args);
  ASSERT_TRUE(parsed.ended.has_value());
  EXPECT_EQ(*parsed.ended, UsageExitCode());
  EXPECT_EQ(*parsed.ended, 2);
  EXPECT_TRUE(parsed.out.empty()) << parsed.out;
  EXPECT_TRUE(parsed.err.starts_with("flowfile: ")) << parsed.err;
  EXPECT_EQ(parsed.err.find('\n'), parsed.err.size() - 1) << parsed.err;  // one line
  // No part of the canary, not even half of it.
  const std::string canary = kCanary;
  for (std::size_t at = 0; at + 12 <= canary.size(); ++at)
    EXPECT_EQ(parsed.err.find(canary.substr(at, 12)), std::string::npos) << parsed.err;
  for (const std::string& said : GetParam().says)
    EXPECT_NE(parsed.err.find(said), std::string::npos) << parsed.err;
}

INSTANTIATE_TEST_SUITE_P(EveryErrorPath, RefusedCommandLine, testing::ValuesIn(kRefused),
                         [](const testing::TestParamInfo<RefusedCase>& test_case) {
                           std::string name;
                           for (char c : test_case.param.what)
                             name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(CommandLine, AcceptedCommandLinePrintsNothingAndKeepsTheValues) {
  const auto tree = fuzzing::MakeCommandLineUnderTest();
  std::ostringstream out, err;
  const std::vector<std::string> args = {"connections", "create",       "lake",  "--aws-region",
                                         "eu-west-1",   "--verify-ssl", "false", "--if-not-exists"};
  EXPECT_EQ(ParseCommandLine(tree->app, args, out, err), std::nullopt);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(), "");
  EXPECT_EQ(tree->create.name, "lake");
  EXPECT_EQ(tree->create.text.at("aws_region"), "eu-west-1");
  EXPECT_FALSE(tree->create.flags.at("verify_ssl"));
  EXPECT_TRUE(tree->if_not_exists);
}

TEST(CommandLine, SecretFlagIsParsedButItsValueDroppedAndRefusedLater) {
  const auto tree = fuzzing::MakeCommandLineUnderTest();
  std::ostringstream out, err;
  EXPECT_EQ(
      ParseCommandLine(tree->app, {"connections", "create", "lake", "--aws-secret-access-key", kCanary}, out, err),
      std::nullopt);
  ASSERT_EQ(tree->create.secrets.given_as_argument, std::vector<std::string>{"--aws-secret-access-key"});
  EXPECT_EQ(out.str() + err.str(), "");
  const Result<ConnectionSecrets> read = ReadSecrets(tree->create.secrets, {});
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(read.error().message().find(kCanary), std::string::npos);
}

TEST(CommandLine, SecretStartingWithADashIsTakenAsTheRefusedFlagsValue) {
  const auto tree = fuzzing::MakeCommandLineUnderTest();
  std::ostringstream out, err;
  EXPECT_EQ(ParseCommandLine(
                tree->app, {"connections", "create", "lake", "--azure-client-secret", std::string("-") + kCanary},
                out, err),
            std::nullopt);
  EXPECT_EQ(tree->create.secrets.given_as_argument, std::vector<std::string>{"--azure-client-secret"});
  EXPECT_EQ(out.str() + err.str(), "");
}

TEST(CommandLine, HelpAndVersionEndWithZeroOnStandardOutput) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"connections", "create", "--help"}, {"--version"}}) {
    const Parsed parsed = Parse(args);
    EXPECT_EQ(parsed.ended, 0);
    EXPECT_FALSE(parsed.out.empty());
    EXPECT_EQ(parsed.err, "");
  }
}

TEST(CommandLine, HelpNeverListsTheRefusedFlags) {
  const Parsed parsed = Parse({"connections", "create", "--help"});
  EXPECT_EQ(parsed.out.find("--aws-secret-access-key"), std::string::npos);
  EXPECT_NE(parsed.out.find("--secrets-stdin"), std::string::npos);
}

TEST(SecretInput, SecretTypedAsAVariableNameIsNotEchoed) {
  SecretArguments args;
  args.from_env = {std::string("aws_secret_access_key=") + "Qy7SecretTypedInPlaceOfAName"};
  const Result<ConnectionSecrets> read = ReadSecrets(args, {});
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(read.error().message().find("Qy7SecretTypedInPlaceOfAName"), std::string::npos)
      << read.error().message();
  EXPECT_NE(read.error().message().find("aws_secret_access_key"), std::string::npos) << read.error().message();
}

}  // namespace
}  // namespace flowfile::cli
