#include "src/crypto/key_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "src/crypto/base64.h"
#include "tests/crypto/crypto_test_support.h"
#include "tests/support/temp_directory.h"

namespace flowfile::crypto {
namespace {

using crypto_testing::kKeyABase64;
using crypto_testing::kKeyBBase64;
using crypto_testing::ScopedEnvironmentVariable;
using testing_support::TempDirectory;

unsigned FileMode(const std::filesystem::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return 0xffff;
  return status.st_mode & 07777;
}

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void WriteKeyFile(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
}

std::size_t FileCount(const std::filesystem::path& directory) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) ++count;
  return count;
}

// Key files are only used when FLOWFILE_MASTER_KEY is unset, whatever the
// environment the tests run in.
class KeyFileTest : public ::testing::Test {
 protected:
  ScopedEnvironmentVariable no_variable_{"FLOWFILE_MASTER_KEY", std::nullopt};
  TempDirectory directory_;
  std::filesystem::path key_file_ = directory_.path() / "master.key";
};

TEST_F(KeyFileTest, CreatesKeyFileWithMode0600OnFirstLoad) {
  auto keyring = Keyring::Load(directory_.path());
  ASSERT_TRUE(keyring.ok()) << keyring.error().message();
  EXPECT_FALSE((*keyring)->from_environment());
  EXPECT_EQ((*keyring)->versions(), (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(FileMode(key_file_), 0600u);
  const std::string text = ReadText(key_file_);
  EXPECT_EQ(text.substr(0, 2), "1 ");
  EXPECT_EQ(text.size(), 2 + 44 + 1);
  EXPECT_EQ(FileCount(directory_.path()), 1u);  // no temporary file left behind

  auto reloaded = Keyring::Load(directory_.path());
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(*(*reloaded)->Fingerprint(1), *(*keyring)->Fingerprint(1));
}

TEST_F(KeyFileTest, CreatesTheKeyWithEvenARestrictiveUmask) {
  const mode_t previous = ::umask(0077);
  auto keyring = Keyring::Load(directory_.path());
  ::umask(previous);
  ASSERT_TRUE(keyring.ok());
  EXPECT_EQ(FileMode(key_file_), 0600u);
}

TEST_F(KeyFileTest, ConcurrentFirstLoadsAgreeOnOneKey) {
  std::vector<std::string> fingerprints(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < fingerprints.size(); ++i) {
    threads.emplace_back([&, i] {
      auto keyring = Keyring::Load(directory_.path());
      fingerprints[i] = keyring.ok() ? *(*keyring)->Fingerprint(1) : keyring.error().message();
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& fingerprint : fingerprints) EXPECT_EQ(fingerprint, fingerprints[0]);
  EXPECT_EQ(fingerprints[0].size(), 64u);
  EXPECT_EQ(FileCount(directory_.path()), 1u);
}

class LooseKeyFileTest : public KeyFileTest, public ::testing::WithParamInterface<mode_t> {};

TEST_P(LooseKeyFileTest, IsRefusedWithTheChmodHint) {
  WriteKeyFile(key_file_, std::string("1 ") + kKeyABase64 + "\n", GetParam());
  auto keyring = Keyring::Load(directory_.path());
  ASSERT_FALSE(keyring.ok());
  EXPECT_EQ(keyring.error().code(), ErrorCode::kAccessDenied);
  EXPECT_EQ(keyring.error().message(), "The master key file " + key_file_.string() +
                                           " is readable by other users: run chmod 600 " + key_file_.string() +
                                           ".");
  EXPECT_EQ(FileMode(key_file_), GetParam());  // refused, not silently fixed
}

INSTANTIATE_TEST_SUITE_P(GroupOrOtherBits, LooseKeyFileTest,
                         ::testing::Values(0644, 0640, 0604, 0620, 0602, 0660));

TEST_F(KeyFileTest, AcceptsAnOwnerOnlyReadableFileWithCommentsAndBlankLines) {
  WriteKeyFile(key_file_,
               std::string("# flowfile master keys\n\n2 ") + kKeyBBase64 + "\n1\t" + kKeyABase64 + "\r\n", 0400);
  auto keyring = Keyring::Load(directory_.path());
  ASSERT_TRUE(keyring.ok()) << keyring.error().message();
  EXPECT_EQ((*keyring)->versions(), (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ((*keyring)->Find(2)->bytes.reveal(), std::string(32, 'b'));
}

TEST_F(KeyFileTest, MalformedKeyFileNamesTheFileAndLine) {
  const std::string a = kKeyABase64;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1 " + a + "\n2 " + a.substr(0, 40) + "\n", "line 2"},
      {"1 " + a + "\n\n# comment\nx " + a + "\n", "line 4"},
      {"1 " + a + "\n1 " + a + "\n", "line 2"},
      {a + "\n", "line 1"},
      {"0 " + a + "\n", "line 1"},
  };
  for (const auto& [text, line] : cases) {
    WriteKeyFile(key_file_, text, 0600);
    auto keyring = Keyring::Load(directory_.path());
    ASSERT_FALSE(keyring.ok());
    EXPECT_EQ(keyring.error().code(), ErrorCode::kInvalidArgument);
    const std::string& message = keyring.error().message();
    EXPECT_NE(message.find(key_file_.string()), std::string::npos) << message;
    EXPECT_NE(message.find(line), std::string::npos) << message;
    EXPECT_EQ(message.find(a.substr(0, 12)), std::string::npos) << message;
  }
}

TEST_F(KeyFileTest, EmptyKeyFileIsRefused) {
  WriteKeyFile(key_file_, "\n# nothing\n", 0600);
  auto keyring = Keyring::Load(directory_.path());
  ASSERT_FALSE(keyring.ok());
  EXPECT_EQ(keyring.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(keyring.error().message().find("holds no key"), std::string::npos);
}

TEST_F(KeyFileTest, MissingDataDirectoryIsUnavailable) {
  auto keyring = Keyring::Load(directory_.path() / "does-not-exist");
  ASSERT_FALSE(keyring.ok());
  EXPECT_EQ(keyring.error().code(), ErrorCode::kUnavailable);
}

TEST_F(KeyFileTest, AddMasterKeyVersionAppendsTheNextVersionAndKeepsMode0600) {
  auto original = Keyring::Load(directory_.path());
  ASSERT_TRUE(original.ok());
  auto rotated = AddMasterKeyVersion(directory_.path());
  ASSERT_TRUE(rotated.ok()) << rotated.error().message();
  EXPECT_EQ((*rotated)->versions(), (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ((*rotated)->active_version(), 2u);
  EXPECT_EQ(*(*rotated)->Fingerprint(1), *(*original)->Fingerprint(1));
  EXPECT_NE(*(*rotated)->Fingerprint(2), *(*rotated)->Fingerprint(1));
  EXPECT_EQ(FileMode(key_file_), 0600u);
  EXPECT_EQ(FileCount(directory_.path()), 1u);

  auto reloaded = Keyring::Load(directory_.path());
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(*(*reloaded)->Fingerprint(2), *(*rotated)->Fingerprint(2));
}

TEST_F(KeyFileTest, ConcurrentRotationsLoseNoVersion) {
  ASSERT_TRUE(Keyring::Load(directory_.path()).ok());
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] { EXPECT_TRUE(AddMasterKeyVersion(directory_.path()).ok()); });
  }
  for (std::thread& thread : threads) thread.join();
  auto keyring = Keyring::Load(directory_.path());
  ASSERT_TRUE(keyring.ok());
  EXPECT_EQ((*keyring)->versions(), (std::vector<std::uint32_t>{1, 2, 3, 4, 5}));
}

TEST_F(KeyFileTest, DropMasterKeyVersionsExceptKeepsOnlyThatVersion) {
  ASSERT_TRUE(Keyring::Load(directory_.path()).ok());
  auto rotated = AddMasterKeyVersion(directory_.path());
  ASSERT_TRUE(rotated.ok());
  const std::string kept_fingerprint = *(*rotated)->Fingerprint(2);

  ASSERT_TRUE(DropMasterKeyVersionsExcept(directory_.path(), 2).ok());
  EXPECT_EQ(FileMode(key_file_), 0600u);
  EXPECT_EQ(FileCount(directory_.path()), 1u);
  auto reloaded = Keyring::Load(directory_.path());
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ((*reloaded)->versions(), (std::vector<std::uint32_t>{2}));
  EXPECT_EQ(*(*reloaded)->Fingerprint(2), kept_fingerprint);

  // The next rotation continues from the kept version.
  auto next = AddMasterKeyVersion(directory_.path());
  ASSERT_TRUE(next.ok());
  EXPECT_EQ((*next)->versions(), (std::vector<std::uint32_t>{2, 3}));
}

TEST_F(KeyFileTest, DropRefusesAVersionThatIsNotInTheFile) {
  ASSERT_TRUE(Keyring::Load(directory_.path()).ok());
  const std::string before = ReadText(key_file_);
  Status dropped = DropMasterKeyVersionsExcept(directory_.path(), 5);
  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(ReadText(key_file_), before);
}

TEST_F(KeyFileTest, RotationIsRefusedWhenKeysComeFromTheEnvironment) {
  ScopedEnvironmentVariable variable("FLOWFILE_MASTER_KEY", kKeyABase64);
  auto added = AddMasterKeyVersion(directory_.path());
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(added.error().message().find("\"N:<base64>\""), std::string::npos);
  // The hint names a command that exists (there is no `flowfile keys generate`).
  EXPECT_NE(added.error().message().find("`openssl rand -base64 32`"), std::string::npos)
      << added.error().message();
  EXPECT_EQ(added.error().message().find(kKeyABase64), std::string::npos);
  Status dropped = DropMasterKeyVersionsExcept(directory_.path(), 1);
  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(key_file_));
}

TEST_F(KeyFileTest, GeneratedMasterKeysAreFreshAndUsableInTheVariable) {
  const std::string first = GenerateMasterKeyBase64();
  const std::string second = GenerateMasterKeyBase64();
  EXPECT_NE(first, second);
  ASSERT_EQ(first.size(), 44u);
  auto decoded = DecodeBase64Secret(first);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->size(), kMasterKeySize);

  ScopedEnvironmentVariable variable("FLOWFILE_MASTER_KEY", "1:" + first + ",2:" + second);
  auto keyring = Keyring::Load(directory_.path());
  ASSERT_TRUE(keyring.ok());
  EXPECT_EQ((*keyring)->active_version(), 2u);
}

}  // namespace
}  // namespace flowfile::crypto
