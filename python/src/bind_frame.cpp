#include "bind_frame.h"

#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "arrow_stream.h"
#include "flowfile/data.h"
#include "raise_error.h"

namespace nb = nanobind;

namespace flowfile::python {
namespace {

// bool is tested before int: Python's True is also an int.
ColumnFilter::Value ToFilterValue(nb::handle value) {
  if (value.is_none()) return std::monostate{};
  if (PyBool_Check(value.ptr())) return value.ptr() == Py_True;
  if (PyLong_Check(value.ptr())) return nb::cast<std::int64_t>(value);
  if (PyFloat_Check(value.ptr())) return nb::cast<double>(value);
  if (PyUnicode_Check(value.ptr())) return nb::cast<std::string>(value);
  throw nb::type_error("filter values must be None, bool, int, float or str");
}

// The engine's errors (an unknown comparison, a missing value) raise
// InvalidArgumentError, as a server-mode plan does with the same messages.
LazyFrame Filter(const LazyFrame& frame, std::string column, std::string_view op, nb::handle value) {
  ColumnFilter filter;
  filter.column = std::move(column);
  filter.op = ValueOrRaise(ParseFilterOp(op));
  filter.value = ToFilterValue(value);
  RaiseIfError(CheckColumnFilter(filter));
  return frame.Filter(std::move(filter));
}

nb::capsule ExportStream(const LazyFrame& frame) {
  auto stream = std::make_unique<ArrowArrayStream>();
  stream->release = nullptr;
  RaiseIfError(WithoutGil([&] { return frame.ExportStream(stream.get()); }));
  return StreamToCapsule(std::move(stream));
}

}  // namespace

void BindLazyFrame(nb::module_& module) {
  nb::class_<LazyFrame>(module, "LazyFrame", "An immutable scan plan; rows are read only when exported.")
      .def("select", &LazyFrame::Select, nb::arg("columns"), "The plan reading only `columns`.")
      .def("filter", &Filter, nb::arg("column"), nb::arg("op"), nb::arg("value").none(),
           "The plan keeping rows where `column <op> value` (ANDed with earlier filters).")
      .def("limit", &LazyFrame::Limit, nb::arg("rows"), "The plan stopping after `rows` rows.")
      .def("describe", &LazyFrame::Describe, "The plan in words; never a secret.")
      .def(
          "column_names",
          [](const LazyFrame& frame) { return ValueOrRaise(WithoutGil([&] { return frame.ColumnNames(); })); },
          "Column names after projection (reads only metadata).")
      .def("export_stream", &ExportStream,
           "Runs the plan into an Arrow C stream, returned as an 'arrow_array_stream' PyCapsule.");
}

}  // namespace flowfile::python
