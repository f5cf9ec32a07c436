#include "src/io/ndjson_writer.h"

#include <arrow/api.h>
#include <arrow/io/memory.h>
#include <gtest/gtest.h>

#include <cmath>

namespace flowfile::io {
namespace {

std::string Written(const std::shared_ptr<arrow::RecordBatch>& batch) {
  auto sink = *arrow::io::BufferOutputStream::Create();
  const arrow::Status status = WriteNdjson(*batch, *sink);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return (*sink->Finish())->ToString();
}

TEST(NdjsonWriter, WritesScalarsWithJsonTypesAndEscapes) {
  arrow::Int32Builder ints;
  ASSERT_TRUE(ints.AppendValues({1, -2}).ok());
  arrow::DoubleBuilder doubles;
  ASSERT_TRUE(doubles.AppendValues({0.25, std::nan("")}).ok());
  arrow::StringBuilder strings;
  ASSERT_TRUE(strings.Append("say \"hi\"\n\t\\ caf\xC3\xA9").ok());
  ASSERT_TRUE(strings.AppendNull().ok());
  arrow::BooleanBuilder flags;
  ASSERT_TRUE(flags.Append(true).ok());
  ASSERT_TRUE(flags.Append(false).ok());
  auto schema = arrow::schema({arrow::field("i", arrow::int32()), arrow::field("d", arrow::float64()),
                               arrow::field("s", arrow::utf8()), arrow::field("b", arrow::boolean())});
  auto batch =
      arrow::RecordBatch::Make(schema, 2, {*ints.Finish(), *doubles.Finish(), *strings.Finish(), *flags.Finish()});
  EXPECT_EQ(Written(batch),
            "{\"i\":1,\"d\":0.25,\"s\":\"say \\\"hi\\\"\\n\\t\\\\ caf\xC3\xA9\",\"b\":true}\n"
            "{\"i\":-2,\"d\":null,\"s\":null,\"b\":false}\n");
}

TEST(NdjsonWriter, WritesListsStructsDictionariesAndTimestamps) {
  auto list_type = arrow::list(arrow::int64());
  arrow::ListBuilder lists(arrow::default_memory_pool(), std::make_shared<arrow::Int64Builder>());
  auto& values = static_cast<arrow::Int64Builder&>(*lists.value_builder());
  ASSERT_TRUE(lists.Append().ok());
  ASSERT_TRUE(values.AppendValues({1, 2}).ok());

  auto struct_type = arrow::struct_({arrow::field("x", arrow::utf8())});
  auto struct_array = *arrow::StructArray::Make({*arrow::MakeArrayFromScalar(arrow::StringScalar("v"), 1)},
                                                std::vector<std::string>{"x"});
  auto dictionary = *arrow::DictionaryArray::FromArrays(arrow::dictionary(arrow::int8(), arrow::utf8()),
                                                        *arrow::MakeArrayFromScalar(arrow::Int8Scalar(1), 1),
                                                        *arrow::MakeArrayFromScalar(arrow::StringScalar("b"), 2));
  auto timestamps = *arrow::MakeArrayFromScalar(
      arrow::TimestampScalar(1'700'000'000, arrow::timestamp(arrow::TimeUnit::SECOND)), 1);
  auto schema = arrow::schema({arrow::field("l", list_type), arrow::field("st", struct_array->type()),
                               arrow::field("dict", dictionary->type()), arrow::field("t", timestamps->type())});
  auto batch = arrow::RecordBatch::Make(schema, 1, {*lists.Finish(), struct_array, dictionary, timestamps});
  EXPECT_EQ(Written(batch), "{\"l\":[1,2],\"st\":{\"x\":\"v\"},\"dict\":\"b\",\"t\":\"2023-11-14 22:13:20\"}\n");
}

TEST(NdjsonWriter, RefusesBinaryColumns) {
  auto binary = *arrow::MakeArrayFromScalar(arrow::BinaryScalar(arrow::Buffer::FromString("x")), 1);
  auto batch = arrow::RecordBatch::Make(arrow::schema({arrow::field("raw", arrow::binary())}), 1, {binary});
  auto sink = *arrow::io::BufferOutputStream::Create();
  const arrow::Status status = WriteNdjson(*batch, *sink);
  EXPECT_TRUE(status.IsNotImplemented());
  EXPECT_NE(status.message().find("'raw'"), std::string::npos);
}

}  // namespace
}  // namespace flowfile::io
