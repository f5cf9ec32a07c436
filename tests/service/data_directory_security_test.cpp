// The data directory as an attacker on the same machine would find it: the
// home, the store and its WAL files owner-only whatever the umask and
// whether the home existed; a lost key file refused before anything is made.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "flowfile/data_directory.h"
#include "flowfile/engine.h"
#include "tests/support/temp_directory.h"

namespace flowfile {
namespace {

namespace fs = std::filesystem;

unsigned ModeOf(const fs::path& path) {
  struct stat status {};
  EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
  return status.st_mode & 0777;
}

Connection S3Connection(std::string name) {
  Connection connection;
  connection.info.connection_name = std::move(name);
  connection.info.storage_type = StorageType::kS3;
  connection.info.auth_method = AuthMethod::kAccessKey;
  connection.info.aws_access_key_id = "AKIAIOSFODNN7EXAMPLE";
  connection.secrets.set(SecretField::kAwsSecretAccessKey, Secret("CANARY-dir-secret"));
  return connection;
}

// Name -> size and modification time of every file in `dir`.
std::map<std::string, std::pair<std::uintmax_t, fs::file_time_type>> Listing(const fs::path& dir) {
  std::map<std::string, std::pair<std::uintmax_t, fs::file_time_type>> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    files[entry.path().filename().string()] = {entry.file_size(), entry.last_write_time()};
  }
  return files;
}

class DataDirectorySecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(unsetenv("FLOWFILE_MASTER_KEY"), 0);
    previous_umask_ = ::umask(022);
  }
  void TearDown() override {
    ::umask(previous_umask_);
    unsetenv("FLOWFILE_HOME");
  }

  testing_support::TempDirectory dir_;
  mode_t previous_umask_ = 0;
};

TEST_F(DataDirectorySecurityTest, HomeStoreAndWalAreOwnerOnlyEvenWhenTheHomeExists) {
  const fs::path home = dir_.path() / "existing-home";
  fs::create_directories(home);
  ASSERT_EQ(::chmod(home.c_str(), 0755), 0);
  ASSERT_EQ(setenv("FLOWFILE_HOME", home.c_str(), 1), 0);

  auto engine = Engine::OpenEmbedded();
  ASSERT_TRUE(engine.ok()) << engine.error().message();
  ASSERT_TRUE((*engine)->ForUser(kLocalUserId).CreateConnection(S3Connection("lake")).ok());

  EXPECT_EQ(ModeOf(home), 0700u);
  EXPECT_EQ(ModeOf(home / "flowfile.db"), 0600u);
  EXPECT_EQ(ModeOf(home / "master.key"), 0600u);
  // The engine is open, so SQLite's WAL files exist now; they hold recent pages.
  for (const char* companion : {"flowfile.db-wal", "flowfile.db-shm"}) {
    ASSERT_TRUE(fs::exists(home / companion)) << companion;
    EXPECT_EQ(ModeOf(home / companion), 0600u) << companion;
  }
}

TEST_F(DataDirectorySecurityTest, LooseStoreOfAnOlderVersionIsNarrowedOnOpen) {
  {
    auto engine = Engine::Open(dir_.path());
    ASSERT_TRUE(engine.ok()) << engine.error().message();
  }
  ASSERT_EQ(::chmod((dir_.path() / "flowfile.db").c_str(), 0644), 0);
  auto engine = Engine::Open(dir_.path());
  ASSERT_TRUE(engine.ok()) << engine.error().message();
  EXPECT_EQ(ModeOf(dir_.path() / "flowfile.db"), 0600u);
}

TEST_F(DataDirectorySecurityTest, MissingKeyFileOfAWrittenStoreIsRefusedBeforeAnythingIsCreated) {
  {
    auto engine = Engine::Open(dir_.path());
    ASSERT_TRUE(engine.ok()) << engine.error().message();
    ASSERT_TRUE((*engine)->ForUser(kLocalUserId).CreateConnection(S3Connection("lake")).ok());
  }
  ASSERT_TRUE(fs::remove(dir_.path() / "master.key"));
  const auto before = Listing(dir_.path());

  auto reopened = Engine::Open(dir_.path());
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.error().code(), ErrorCode::kAccessDenied);
  EXPECT_NE(reopened.error().message().find("restore master.key"), std::string::npos)
      << reopened.error().message();
  EXPECT_FALSE(fs::exists(dir_.path() / "master.key"));
  EXPECT_EQ(Listing(dir_.path()), before);
}

TEST_F(DataDirectorySecurityTest, FreshDirectoryStillGetsANewKey) {
  auto engine = Engine::Open(dir_.path());
  ASSERT_TRUE(engine.ok()) << engine.error().message();
  EXPECT_TRUE(fs::exists(dir_.path() / "master.key"));
}

}  // namespace
}  // namespace flowfile
