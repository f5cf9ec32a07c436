// Proves the Arrow C++ we link (from the pyarrow wheel) works end to end:
// Parquet written through Arrow to a local path and to moto's S3 server,
// read back and compared.
#include <arrow/api.h>
#include <arrow/filesystem/localfs.h>
#include <arrow/filesystem/s3fs.h>
#include <arrow/io/api.h>
#include <gtest/gtest.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/writer.h>

#include <memory>

#include "tests/support/s3_emulator.h"
#include "tests/support/temp_directory.h"

namespace {

std::shared_ptr<arrow::Table> SampleTable() {
  arrow::Int64Builder ids;
  arrow::StringBuilder names;
  for (int64_t i = 0; i < 1000; ++i) {
    EXPECT_TRUE(ids.Append(i).ok());
    EXPECT_TRUE(names.Append("row-" + std::to_string(i)).ok());
  }
  auto schema = arrow::schema({arrow::field("id", arrow::int64()), arrow::field("name", arrow::utf8())});
  return arrow::Table::Make(schema, {ids.Finish().ValueOrDie(), names.Finish().ValueOrDie()});
}

void WriteAndReadBack(arrow::fs::FileSystem& fs, const std::string& path) {
  auto table = SampleTable();
  auto sink = fs.OpenOutputStream(path);
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  ASSERT_TRUE(parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), *sink, 256).ok());
  ASSERT_TRUE((*sink)->Close().ok());

  auto source = fs.OpenInputFile(path);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  auto reader = parquet::arrow::OpenFile(*source, arrow::default_memory_pool());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto read_back = (*reader)->ReadTable();
  ASSERT_TRUE(read_back.ok()) << read_back.status().ToString();
  EXPECT_EQ((*reader)->num_row_groups(), 4);
  EXPECT_TRUE((*read_back)->Equals(*table));
}

TEST(ArrowRoundTripTest, ParquetOnLocalDisk) {
  flowfile::testing_support::TempDirectory dir;
  arrow::fs::LocalFileSystem fs;
  WriteAndReadBack(fs, (dir.path() / "sample.parquet").string());
}

// Arrow's S3 support must be finalized before exit, even when a test fails.
struct S3Session {
  S3Session() { EXPECT_TRUE(arrow::fs::EnsureS3Initialized().ok()); }
  ~S3Session() { EXPECT_TRUE(arrow::fs::FinalizeS3().ok()); }
};

TEST(ArrowRoundTripTest, ParquetOnS3Emulator) {
  const std::string endpoint = flowfile::testing_support::S3EmulatorEndpoint();
  ASSERT_FALSE(endpoint.empty()) << flowfile::testing_support::kMissingEmulatorHint;
  S3Session session;
  {
    auto options = arrow::fs::S3Options::FromAccessKey("testing", "testing");
    options.endpoint_override = endpoint.substr(endpoint.find("://") + 3);
    options.scheme = "http";
    options.region = "us-east-1";
    options.allow_bucket_creation = true;
    auto fs = arrow::fs::S3FileSystem::Make(options);
    ASSERT_TRUE(fs.ok()) << fs.status().ToString();
    auto created = (*fs)->CreateDir("arrow-roundtrip");
    ASSERT_TRUE(created.ok()) << created.ToString();
    WriteAndReadBack(**fs, "arrow-roundtrip/sample.parquet");
  }
}

}  // namespace
