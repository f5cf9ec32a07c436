// Reading and writing Parquet, CSV and JSON on moto's S3 server.
#include <arrow/api.h>
#include <arrow/c/bridge.h>
#include <gtest/gtest.h>

#include "src/io/scan.h"
#include "src/io/scan_plan.h"
#include "src/io/write.h"
#include "tests/cloud/s3_test_env.h"
#include "tests/io/arrow_test_data.h"

namespace flowfile::io {
namespace {

using testing_support::ExportTable;
using testing_support::ReadAll;
using testing_support::SampleTable;

class S3Io : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_ = testing_support::MotoConnection();
    bucket_ = testing_support::UniqueBucket("io");
    testing_support::CreateBucket(connection_, bucket_);
    storage_ = testing_support::OpenOrFail(connection_);
  }

  std::string Uri(const std::string& key) const { return "s3://" + bucket_ + "/" + key; }

  WriteResult WriteTable(const std::shared_ptr<arrow::Table>& table, WriteRequest request) {
    ArrowArrayStream stream;
    ExportTable(table, &stream);
    auto written = Write(storage_, request, &stream);
    EXPECT_TRUE(written.ok()) << (written.ok() ? "" : written.error().message());
    return written.ok() ? *written : WriteResult{};
  }

  WriteResult WriteTable(const std::shared_ptr<arrow::Table>& table, const std::string& key,
                         FileFormat format = FileFormat::kParquet, WriteMode mode = WriteMode::kOverwrite) {
    WriteRequest request;
    request.path = Uri(key);
    request.format = format;
    request.mode = mode;
    return WriteTable(table, request);
  }

  Result<LazyFrame> ScanPath(const std::string& key, FileFormat format = FileFormat::kParquet) {
    ScanRequest request;
    request.path = Uri(key);
    request.format = format;
    return Scan(storage_, request);
  }

  Connection connection_;
  std::string bucket_;
  cloud::CloudStorage storage_;
};

class RoundTrips : public S3Io, public ::testing::WithParamInterface<FileFormat> {};

TEST_P(RoundTrips, ReadsBackWhatWasWritten) {
  const FileFormat format = GetParam();
  const auto table = SampleTable(1000);
  const std::string key = "round/data." + std::string(FileFormatName(format));
  const WriteResult written = WriteTable(table, key, format);
  EXPECT_EQ(written.rows, 1000);
  EXPECT_GT(written.bytes, 0);
  EXPECT_EQ(written.path, Uri(key));
  auto info = storage_.fs->GetFileInfo(bucket_ + "/" + key);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->size(), written.bytes);

  auto frame = ScanPath(key, format);
  ASSERT_TRUE(frame.ok()) << frame.error().message();
  const auto read = ReadAll(*frame);
  ASSERT_NE(read, nullptr);
  EXPECT_TRUE(read->Equals(*table)) << read->ToString().substr(0, 2000);
}

INSTANTIATE_TEST_SUITE_P(EveryFormat, RoundTrips,
                         ::testing::Values(FileFormat::kParquet, FileFormat::kCsv, FileFormat::kJson),
                         [](const auto& test_case) { return std::string(FileFormatName(test_case.param)); });

TEST_F(S3Io, ReadsADirectoryWithHivePartitionsAndSkipsMarkerFiles) {
  WriteTable(SampleTable(10, 0), "ds/year=2023/part-0.parquet");
  WriteTable(SampleTable(20, 100), "ds/year=2024/part-0.parquet");
  WriteTable(SampleTable(5, 200), "ds/year=2024/part-1.parquet");
  auto marker = storage_.fs->OpenOutputStream(bucket_ + "/ds/_SUCCESS");
  ASSERT_TRUE(marker.ok() && (*marker)->Close().ok());

  auto frame = ScanPath("ds");
  ASSERT_TRUE(frame.ok()) << frame.error().message();
  EXPECT_EQ(frame->plan().file_count, 3u);
  auto names = frame->ColumnNames();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"id", "name", "value", "flag", "year"}));
  const auto all = ReadAll(*frame);
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(all->num_rows(), 35);

  const auto only_2024 = ReadAll(frame->Filter({"year", ColumnFilter::Op::kEq, std::int64_t{2024}}));
  ASSERT_NE(only_2024, nullptr);
  EXPECT_EQ(only_2024->num_rows(), 25);
}

TEST_F(S3Io, ExpandsGlobsWithinOneFolderLevel) {
  WriteTable(SampleTable(10, 0), "glob/a.parquet");
  WriteTable(SampleTable(10, 10), "glob/b.parquet");
  WriteTable(SampleTable(10, 20), "glob/c.csv", FileFormat::kCsv);
  WriteTable(SampleTable(10, 30), "glob/nested/d.parquet");

  auto frame = ScanPath("glob/*.parquet");
  ASSERT_TRUE(frame.ok()) << frame.error().message();
  EXPECT_EQ(frame->plan().file_count, 2u);
  const auto read = ReadAll(*frame);
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->num_rows(), 20);

  auto nested = ScanPath("glob/*/d.parquet");
  ASSERT_TRUE(nested.ok()) << nested.error().message();
  EXPECT_EQ(nested->plan().file_count, 1u);

  auto nothing = ScanPath("glob/*.json", FileFormat::kJson);
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().code(), ErrorCode::kPathNotFound);
  EXPECT_NE(nothing.error().message().find(Uri("glob/*.json")), std::string::npos);
}

TEST_F(S3Io, DoubleStarCrossesAnyNumberOfFoldersIncludingNone) {
  WriteTable(SampleTable(10, 0), "deep/a.parquet");
  WriteTable(SampleTable(10, 10), "deep/x/b.parquet");
  WriteTable(SampleTable(10, 20), "deep/x/y/c.parquet");
  WriteTable(SampleTable(10, 30), "deep/x/y/d.csv", FileFormat::kCsv);

  auto frame = ScanPath("deep/**/*.parquet");
  ASSERT_TRUE(frame.ok()) << frame.error().message();
  EXPECT_EQ(frame->plan().file_count, 3u);
  const auto read = ReadAll(*frame);
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->num_rows(), 30);

  auto below_x = ScanPath("deep/x/**/*.parquet");
  ASSERT_TRUE(below_x.ok()) << below_x.error().message();
  EXPECT_EQ(below_x->plan().file_count, 2u);
}

TEST_F(S3Io, ProjectsColumnsAndRejectsUnknownOnes) {
  WriteTable(SampleTable(100), "project.parquet");
  auto frame = ScanPath("project.parquet");
  ASSERT_TRUE(frame.ok());
  const auto read = ReadAll(frame->Select({"value", "id"}));
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->schema()->field_names(), (std::vector<std::string>{"value", "id"}));
  EXPECT_EQ(read->num_rows(), 100);

  const LazyFrame unknown = frame->Select({"nope"});
  auto names = unknown.ColumnNames();
  ASSERT_FALSE(names.ok());
  EXPECT_EQ(names.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(names.error().message().find("'nope'"), std::string::npos);
  ArrowArrayStream stream;
  EXPECT_EQ(unknown.ExportStream(&stream).error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(S3Io, FiltersWithEveryOperator) {
  WriteTable(SampleTable(100), "filters.parquet");
  auto frame = ScanPath("filters.parquet");
  ASSERT_TRUE(frame.ok());
  struct Case {
    ColumnFilter filter;
    std::int64_t rows;
  };
  for (const Case& c : std::vector<Case>{{{"id", ColumnFilter::Op::kEq, std::int64_t{5}}, 1},
                                         {{"id", ColumnFilter::Op::kNe, std::int64_t{5}}, 99},
                                         {{"id", ColumnFilter::Op::kLt, std::int64_t{10}}, 10},
                                         {{"id", ColumnFilter::Op::kLe, std::int64_t{10}}, 11},
                                         {{"value", ColumnFilter::Op::kGt, 40.0}, 19},
                                         {{"id", ColumnFilter::Op::kGe, std::int64_t{90}}, 10},
                                         {{"flag", ColumnFilter::Op::kEq, true}, 34},
                                         {{"name", ColumnFilter::Op::kEq, std::string("name-3")}, 1},
                                         {{"name", ColumnFilter::Op::kIsNull, {}}, 0},
                                         {{"name", ColumnFilter::Op::kIsNotNull, {}}, 100}}) {
    const auto read = ReadAll(frame->Filter(c.filter));
    ASSERT_NE(read, nullptr);
    EXPECT_EQ(read->num_rows(), c.rows) << frame->Filter(c.filter).Describe();
  }
  const LazyFrame both = frame->Filter({"id", ColumnFilter::Op::kGe, std::int64_t{10}})
                             .Filter({"id", ColumnFilter::Op::kLt, std::int64_t{20}});
  EXPECT_EQ(ReadAll(both)->num_rows(), 10);
  EXPECT_NE(both.Describe().find("filter id >= 10 and id < 20"), std::string::npos) << both.Describe();

  ArrowArrayStream stream;
  const Status bad =
      frame->Filter({"id", ColumnFilter::Op::kEq, std::string("not a number")}).ExportStream(&stream);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(S3Io, LimitReturnsExactlyThatManyRows) {
  WriteTable(SampleTable(10, 0), "limit/a.parquet");
  WriteTable(SampleTable(10, 10), "limit/b.parquet");
  auto frame = ScanPath("limit");
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(ReadAll(frame->Limit(15))->num_rows(), 15);
  EXPECT_EQ(ReadAll(frame->Limit(0))->num_rows(), 0);
  EXPECT_EQ(ReadAll(frame->Limit(100))->num_rows(), 20);
  EXPECT_EQ(ReadAll(frame->Limit(15).Limit(5))->num_rows(), 5);
  EXPECT_NE(frame->Limit(15).Describe().find("limit 15"), std::string::npos);
}

// Reads go through a byte counter: pushdown must fetch a fraction of the file.
class S3Pushdown : public S3Io {
 protected:
  void SetUp() override {
    S3Io::SetUp();
    WriteRequest request;
    request.path = Uri("sorted.parquet");
    request.row_group_size = 10'000;
    request.compression = Compression::kNone;
    WriteTable(SampleTable(200'000), request);
    counting_ = std::make_shared<testing_support::CountingFileSystem>(storage_.fs);
    counted_ = storage_;
    counted_.fs = counting_;
  }

  std::int64_t BytesToRead(const LazyFrame& frame, std::int64_t expected_rows) {
    counting_->Reset();
    const auto read = ReadAll(frame);
    EXPECT_NE(read, nullptr);
    if (read) {
      EXPECT_EQ(read->num_rows(), expected_rows) << frame.Describe();
    }
    return counting_->bytes_read();
  }

  LazyFrame Frame() {
    ScanRequest request;
    request.path = Uri("sorted.parquet");
    auto frame = Scan(counted_, request);
    EXPECT_TRUE(frame.ok());
    return *frame;
  }

  std::shared_ptr<testing_support::CountingFileSystem> counting_;
  cloud::CloudStorage counted_;
};

TEST_F(S3Pushdown, FilterSkipsRowGroupsByStatistics) {
  const std::int64_t full = BytesToRead(Frame(), 200'000);
  const std::int64_t filtered =
      BytesToRead(Frame().Filter({"id", ColumnFilter::Op::kGe, std::int64_t{195'000}}), 5'000);
  EXPECT_LT(filtered * 10, full) << "filtered " << filtered << " of " << full;
}

TEST_F(S3Pushdown, ProjectionFetchesOnlyTheSelectedColumns) {
  const std::int64_t full = BytesToRead(Frame(), 200'000);
  const std::int64_t projected = BytesToRead(Frame().Select({"flag"}), 200'000);
  EXPECT_LT(projected * 10, full) << "projected " << projected << " of " << full;
}

TEST_F(S3Pushdown, LimitStopsReadingEarly) {
  const std::int64_t full = BytesToRead(Frame(), 200'000);
  const std::int64_t limited = BytesToRead(Frame().Limit(10), 10);
  EXPECT_LT(limited * 3, full) << "limited " << limited << " of " << full;
}

TEST_F(S3Pushdown, FolderFilesOpenWithTheSizesTheirListingGave) {
  for (int i = 0; i < 6; ++i)
    WriteTable(SampleTable(100, i * 100), "small/part-" + std::to_string(i) + ".parquet");
  ScanRequest request;
  request.path = Uri("small");
  auto folder = Scan(counted_, request);
  ASSERT_TRUE(folder.ok()) << folder.error().message();
  EXPECT_GT(BytesToRead(*folder, 600), 0);
  // No extra size request per file, and no footer read before the scan.
  EXPECT_EQ(counting_->unsized_opens(), 0);

  // One object too: the HEAD that found it gave its size, nothing asks again.
  BytesToRead(Frame(), 200'000);
  EXPECT_EQ(counting_->unsized_opens(), 0);
}

TEST_F(S3Pushdown, APlanOfOneObjectReadsWhatItHoldsWhenThePlanRuns) {
  const LazyFrame planned = Frame();
  EXPECT_GT(BytesToRead(planned, 200'000), 0);
  // Replaced after planning (another size): the plan reads the new object,
  // its footer included, not the footer it kept from planning.
  WriteRequest request;
  request.path = Uri("sorted.parquet");
  request.row_group_size = 1'000;
  request.compression = Compression::kNone;
  WriteTable(SampleTable(3'000), request);
  EXPECT_GT(BytesToRead(planned, 3'000), 0);
}

TEST_F(S3Io, AppendAddsANewPartFileEachTime) {
  const WriteResult first = WriteTable(SampleTable(10), "appended", FileFormat::kParquet, WriteMode::kAppend);
  const WriteResult second = WriteTable(SampleTable(5), "appended", FileFormat::kParquet, WriteMode::kAppend);
  EXPECT_EQ(first.path.rfind(Uri("appended/part-"), 0), 0u) << first.path;
  EXPECT_EQ(first.path.substr(first.path.size() - 8), ".parquet");
  EXPECT_NE(first.path, second.path);
  arrow::fs::FileSelector selector;
  selector.base_dir = bucket_ + "/appended";
  auto listed = storage_.fs->GetFileInfo(selector);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 2u);
  auto frame = ScanPath("appended");
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(ReadAll(*frame)->num_rows(), 15);
}

TEST_F(S3Io, OverwriteReplacesTheObject) {
  WriteTable(SampleTable(10), "over.csv", FileFormat::kCsv);
  WriteTable(SampleTable(3), "over.csv", FileFormat::kCsv);
  auto frame = ScanPath("over.csv", FileFormat::kCsv);
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(ReadAll(*frame)->num_rows(), 3);
}

// Yields one large batch, then fails: a writer interrupted mid-upload.
class FailingReader : public arrow::RecordBatchReader {
 public:
  explicit FailingReader(std::shared_ptr<arrow::RecordBatch> first) : first_(std::move(first)) {}
  std::shared_ptr<arrow::Schema> schema() const override { return first_->schema(); }
  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* batch) override {
    if (first_) {
      *batch = std::move(first_);
      return arrow::Status::OK();
    }
    return arrow::Status::IOError("source went away");
  }

 private:
  std::shared_ptr<arrow::RecordBatch> first_;
};

class AbortedWrites : public S3Io, public ::testing::WithParamInterface<FileFormat> {};

TEST_P(AbortedWrites, LeaveNoObjectBehind) {
  // ~16 MB: more than one 5 MB multipart part is uploaded before the failure.
  auto table = SampleTable(400'000);
  auto batch = *table->CombineChunksToBatch();
  ArrowArrayStream stream;
  ASSERT_TRUE(arrow::ExportRecordBatchReader(std::make_shared<FailingReader>(batch), &stream).ok());
  WriteRequest request;
  request.path = Uri("aborted/data");
  request.format = GetParam();
  request.compression = Compression::kNone;
  request.row_group_size = 50'000;
  auto written = Write(storage_, request, &stream);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(written.error().message().find("source went away"), std::string::npos) << written.error().message();
  EXPECT_NE(written.error().message().find("nothing was written"), std::string::npos);
  arrow::fs::FileSelector selector;
  selector.base_dir = bucket_;
  selector.recursive = true;
  auto listed = storage_.fs->GetFileInfo(selector);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty()) << (*listed)[0].path();
}

INSTANTIATE_TEST_SUITE_P(EveryFormat, AbortedWrites,
                         ::testing::Values(FileFormat::kParquet, FileFormat::kCsv, FileFormat::kJson),
                         [](const auto& test_case) { return std::string(FileFormatName(test_case.param)); });

TEST_F(S3Io, WriteToAMissingBucketIsNotFoundNamingIt) {
  const std::string missing = testing_support::UniqueBucket("missing-write");
  WriteRequest request;
  request.path = "s3://" + missing + "/x.parquet";
  ArrowArrayStream stream;
  ExportTable(SampleTable(3), &stream);
  auto written = Write(storage_, request, &stream);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code(), ErrorCode::kPathNotFound);
  EXPECT_NE(written.error().message().find("'" + missing + "'"), std::string::npos) << written.error().message();
}

TEST_F(S3Io, ReadingANonParquetObjectIsInvalidArgument) {
  WriteTable(SampleTable(3), "not-parquet.parquet", FileFormat::kCsv);
  auto frame = ScanPath("not-parquet.parquet");
  ASSERT_FALSE(frame.ok());
  EXPECT_EQ(frame.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(frame.error().message().find(Uri("not-parquet.parquet")), std::string::npos)
      << frame.error().message();
}

TEST_F(S3Io, ReadsCsvWithOptionsAndOtherEncodings) {
  // "café;1\nnaïve;2\n" in Latin-1, semicolon-separated, no header.
  const std::string latin1 = "caf\xE9;1\nna\xEFve;2\n";
  auto out = storage_.fs->OpenOutputStream(bucket_ + "/latin1.csv");
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE((*out)->Write(latin1).ok());
  ASSERT_TRUE((*out)->Close().ok());
  ScanRequest request;
  request.path = Uri("latin1.csv");
  request.format = FileFormat::kCsv;
  request.csv.delimiter = ';';
  request.csv.has_header = false;
  request.csv.encoding = "latin1";
  auto frame = Scan(storage_, request);
  ASSERT_TRUE(frame.ok()) << frame.error().message();
  const auto read = ReadAll(*frame);
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->schema()->field_names(), (std::vector<std::string>{"f0", "f1"}));
  const auto& words = static_cast<const arrow::StringArray&>(*read->column(0)->chunk(0));
  ASSERT_EQ(words.length(), 2);
  EXPECT_EQ(words.GetString(0), "caf\xC3\xA9");
  EXPECT_EQ(words.GetString(1), "na\xC3\xAFve");

  request.csv.encoding = "klingon";
  auto unknown = Scan(storage_, request);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(S3Io, WritesCsvWithAnotherDelimiterAndNoHeader) {
  WriteRequest request;
  request.path = Uri("semi.csv");
  request.format = FileFormat::kCsv;
  request.csv.delimiter = ';';
  request.csv.has_header = false;
  WriteTable(SampleTable(2), request);
  auto in = storage_.fs->OpenInputStream(bucket_ + "/semi.csv");
  ASSERT_TRUE(in.ok());
  auto text = (*in)->Read(1000);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ((*text)->ToString(), "0;\"name-0 \"\"quoted\"\", comma\";0;true\n1;\"name-1\";0.5;false\n");
}

TEST_F(S3Io, DescribeNamesThePlanWithoutSecrets) {
  WriteTable(SampleTable(3), "describe.parquet");
  auto frame = ScanPath("describe.parquet");
  ASSERT_TRUE(frame.ok());
  const std::string text =
      frame->Select({"id"}).Filter({"id", ColumnFilter::Op::kGt, std::int64_t{1}}).Limit(2).Describe();
  EXPECT_EQ(text, "scan parquet " + Uri("describe.parquet") + " (1 file); select id; filter id > 1; limit 2");
  EXPECT_EQ(text.find(testing_support::kCanarySecret), std::string::npos);
}

}  // namespace
}  // namespace flowfile::io
