#include "src/io/ndjson_writer.h"

#include <arrow/array.h>
#include <arrow/scalar.h>
#include <arrow/type_traits.h>

#include <charconv>
#include <cmath>
#include <string>

namespace flowfile::io {
namespace {

void AppendString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

template <typename T>
void AppendNumber(T value, std::string& out) {
  if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(value)) {
      out += "null";
      return;
    }
  }
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, end);
}

arrow::Status AppendValue(const arrow::Array& array, std::int64_t row, std::string& out);

template <typename ListArray>
arrow::Status AppendList(const ListArray& list, std::int64_t row, std::string& out) {
  out += '[';
  for (auto i = list.value_offset(row); i < list.value_offset(row) + list.value_length(row); ++i) {
    if (i != list.value_offset(row)) out += ',';
    ARROW_RETURN_NOT_OK(AppendValue(*list.values(), i, out));
  }
  out += ']';
  return arrow::Status::OK();
}

arrow::Status AppendFixedSizeList(const arrow::FixedSizeListArray& list, std::int64_t row, std::string& out) {
  out += '[';
  for (std::int64_t i = 0; i < list.value_length(row); ++i) {
    if (i) out += ',';
    ARROW_RETURN_NOT_OK(AppendValue(*list.values(), list.value_offset(row) + i, out));
  }
  out += ']';
  return arrow::Status::OK();
}

arrow::Status AppendStruct(const arrow::StructArray& structure, std::int64_t row, std::string& out) {
  out += '{';
  for (int i = 0; i < structure.num_fields(); ++i) {
    if (i) out += ',';
    AppendString(structure.type()->field(i)->name(), out);
    out += ':';
    ARROW_ASSIGN_OR_RAISE(auto child, structure.GetFlattenedField(i));
    ARROW_RETURN_NOT_OK(AppendValue(*child, row, out));
  }
  out += '}';
  return arrow::Status::OK();
}

arrow::Status AppendValue(const arrow::Array& array, std::int64_t row, std::string& out) {
  if (array.IsNull(row)) {
    out += "null";
    return arrow::Status::OK();
  }
  switch (array.type_id()) {
    case arrow::Type::BOOL:
      out += static_cast<const arrow::BooleanArray&>(array).Value(row) ? "true" : "false";
      return arrow::Status::OK();
#define FLOWFILE_NUMBER_CASE(TYPE_ID, ARRAY)                               \
  case arrow::Type::TYPE_ID:                                               \
    AppendNumber(static_cast<const arrow::ARRAY&>(array).Value(row), out); \
    return arrow::Status::OK();
      FLOWFILE_NUMBER_CASE(INT8, Int8Array)
      FLOWFILE_NUMBER_CASE(INT16, Int16Array)
      FLOWFILE_NUMBER_CASE(INT32, Int32Array)
      FLOWFILE_NUMBER_CASE(INT64, Int64Array)
      FLOWFILE_NUMBER_CASE(UINT8, UInt8Array)
      FLOWFILE_NUMBER_CASE(UINT16, UInt16Array)
      FLOWFILE_NUMBER_CASE(UINT32, UInt32Array)
      FLOWFILE_NUMBER_CASE(UINT64, UInt64Array)
      FLOWFILE_NUMBER_CASE(FLOAT, FloatArray)
      FLOWFILE_NUMBER_CASE(DOUBLE, DoubleArray)
#undef FLOWFILE_NUMBER_CASE
    case arrow::Type::STRING:
      AppendString(static_cast<const arrow::StringArray&>(array).GetView(row), out);
      return arrow::Status::OK();
    case arrow::Type::LARGE_STRING:
      AppendString(static_cast<const arrow::LargeStringArray&>(array).GetView(row), out);
      return arrow::Status::OK();
    case arrow::Type::STRING_VIEW:
      AppendString(static_cast<const arrow::StringViewArray&>(array).GetView(row), out);
      return arrow::Status::OK();
    case arrow::Type::LIST:
      return AppendList(static_cast<const arrow::ListArray&>(array), row, out);
    case arrow::Type::LARGE_LIST:
      return AppendList(static_cast<const arrow::LargeListArray&>(array), row, out);
    case arrow::Type::FIXED_SIZE_LIST:
      return AppendFixedSizeList(static_cast<const arrow::FixedSizeListArray&>(array), row, out);
    case arrow::Type::STRUCT:
      return AppendStruct(static_cast<const arrow::StructArray&>(array), row, out);
    case arrow::Type::DICTIONARY: {
      const auto& dictionary = static_cast<const arrow::DictionaryArray&>(array);
      return AppendValue(*dictionary.dictionary(), dictionary.GetValueIndex(row), out);
    }
    default: {
      // Dates, times, timestamps, decimals, ...: Arrow's own text form.
      ARROW_ASSIGN_OR_RAISE(auto scalar, array.GetScalar(row));
      AppendString(scalar->ToString(), out);
      return arrow::Status::OK();
    }
  }
}

bool IsBinary(const arrow::DataType& type) {
  switch (type.id()) {
    case arrow::Type::BINARY:
    case arrow::Type::LARGE_BINARY:
    case arrow::Type::BINARY_VIEW:
    case arrow::Type::FIXED_SIZE_BINARY:
      return true;
    default:
      return false;
  }
}

}  // namespace

arrow::Status AppendJsonValue(const arrow::Array& array, std::int64_t row, std::string& out) {
  return AppendValue(array, row, out);
}

arrow::Status WriteNdjson(const arrow::RecordBatch& batch, arrow::io::OutputStream& out) {
  for (const auto& field : batch.schema()->fields()) {
    if (IsBinary(*field->type())) {
      return arrow::Status::NotImplemented("JSON output has no form for binary column '", field->name(), "'");
    }
  }
  std::string text;
  for (std::int64_t row = 0; row < batch.num_rows(); ++row) {
    text += '{';
    for (int column = 0; column < batch.num_columns(); ++column) {
      if (column) text += ',';
      AppendString(batch.schema()->field(column)->name(), text);
      text += ':';
      ARROW_RETURN_NOT_OK(AppendValue(*batch.column(column), row, text));
    }
    text += "}\n";
    if (text.size() >= (1 << 20)) {
      ARROW_RETURN_NOT_OK(out.Write(text));
      text.clear();
    }
  }
  return out.Write(text);
}

}  // namespace flowfile::io
