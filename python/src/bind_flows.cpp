#include "bind_flows.h"

#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "arrow_stream.h"
#include "flowfile/engine.h"
#include "raise_error.h"

namespace nb = nanobind;

namespace flowfile::python {
namespace {

nb::dict FlowDict(const SavedFlow& flow) {
  nb::dict out;
  out["name"] = flow.name;
  out["created_at"] = flow.created_at;
  out["updated_at"] = flow.updated_at;
  if (!flow.document.empty()) out["document"] = flow.document;
  return out;
}

char OneCharacter(nb::handle text, const char* what) {
  const std::string value = nb::cast<std::string>(text);
  if (value.size() != 1) throw nb::value_error((std::string(what) + " must be exactly one character").c_str());
  return value[0];
}

ColumnFilter::Value FilterValue(nb::handle value) {
  if (value.is_none()) return std::monostate{};
  if (PyBool_Check(value.ptr())) return value.ptr() == Py_True;
  if (PyLong_Check(value.ptr())) return nb::cast<std::int64_t>(value);
  if (PyFloat_Check(value.ptr())) return nb::cast<double>(value);
  return nb::cast<std::string>(value);
}

// The steps of a spec, [{kind, settings}], read by the service's own rules
// (flow.h's FrameStepsFromJson) from their JSON text.
std::vector<FrameStep> StepsFromList(nb::handle steps) {
  const std::string text = nb::cast<std::string>(nb::module_::import_("json").attr("dumps")(steps));
  return ValueOrRaise(FrameStepsFromJson(text));
}

nb::object StepsToList(const std::vector<FrameStep>& steps) {
  return nb::module_::import_("json").attr("loads")(FrameStepsToJson(steps));
}

// {connection, path, format, delimiter, has_header, quote, encoding,
//  hive_partitioning, columns (None: all), filters: [(column, op, value)], limit (None: all),
//  steps: [{kind, settings}] (absent: none)}
FrameSpec SpecFromDict(const nb::dict& spec) {
  FrameSpec frame;
  frame.connection = nb::cast<std::string>(spec["connection"]);
  frame.scan.path = nb::cast<std::string>(spec["path"]);
  frame.scan.format = ValueOrRaise(ParseFileFormat(nb::cast<std::string>(spec["format"])));
  frame.scan.csv.delimiter = OneCharacter(spec["delimiter"], "delimiter");
  frame.scan.csv.has_header = nb::cast<bool>(spec["has_header"]);
  frame.scan.csv.quote = OneCharacter(spec["quote"], "quote");
  frame.scan.csv.encoding = nb::cast<std::string>(spec["encoding"]);
  frame.scan.hive_partitioning = nb::cast<bool>(spec["hive_partitioning"]);
  if (!spec["columns"].is_none()) frame.columns = nb::cast<std::vector<std::string>>(spec["columns"]);
  for (nb::handle item : nb::cast<nb::list>(spec["filters"])) {
    nb::tuple filter = nb::cast<nb::tuple>(item);
    frame.filters.push_back({nb::cast<std::string>(filter[0]),
                             ValueOrRaise(ParseFilterOp(nb::cast<std::string>(filter[1]))),
                             FilterValue(filter[2])});
  }
  if (!spec["limit"].is_none()) frame.limit = nb::cast<std::int64_t>(spec["limit"]);
  if (spec.contains("steps")) frame.steps = StepsFromList(spec["steps"]);
  // A table read's time travel and change feed (absent for files).
  const auto number = [&](const char* key) -> std::optional<std::int64_t> {
    if (!spec.contains(key) || spec[key].is_none()) return std::nullopt;
    return nb::cast<std::int64_t>(spec[key]);
  };
  frame.scan.version = number("version");
  frame.scan.snapshot_id = number("snapshot_id");
  frame.scan.changes_since = number("changes_since");
  if (spec.contains("timestamp") && !spec["timestamp"].is_none())
    frame.scan.timestamp = nb::cast<std::string>(spec["timestamp"]);
  if (spec.contains("include_change_preimage"))
    frame.scan.include_change_preimage = nb::cast<bool>(spec["include_change_preimage"]);
  return frame;
}

nb::object ValueObject(const ColumnFilter::Value& value) {
  return std::visit(
      [](const auto& v) -> nb::object {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) {
          return nb::none();
        } else {
          return nb::cast(v);
        }
      },
      value);
}

std::string OpName(ColumnFilter::Op op) {
  for (const char* name : {"eq", "ne", "lt", "le", "gt", "ge", "is_null", "is_not_null"})
    if (ParseFilterOp(name).ok() && *ParseFilterOp(name) == op) return name;
  return "eq";
}

nb::dict SpecToDict(const FrameSpec& frame) {
  nb::dict spec;
  spec["connection"] = frame.connection;
  spec["path"] = frame.scan.path;
  spec["format"] = std::string(FileFormatName(frame.scan.format));
  spec["delimiter"] = std::string(1, frame.scan.csv.delimiter);
  spec["has_header"] = frame.scan.csv.has_header;
  spec["quote"] = std::string(1, frame.scan.csv.quote);
  spec["encoding"] = frame.scan.csv.encoding;
  spec["hive_partitioning"] = frame.scan.hive_partitioning;
  spec["columns"] = frame.columns ? nb::cast(*frame.columns) : nb::none();
  nb::list filters;
  for (const ColumnFilter& filter : frame.filters)
    filters.append(nb::make_tuple(filter.column, OpName(filter.op), ValueObject(filter.value)));
  spec["filters"] = filters;
  spec["limit"] = frame.limit ? nb::cast(*frame.limit) : nb::none();
  spec["steps"] = StepsToList(frame.steps);
  const auto number = [](const std::optional<std::int64_t>& value) -> nb::object {
    return value ? nb::object(nb::int_(*value)) : nb::object(nb::none());
  };
  spec["version"] = number(frame.scan.version);
  spec["snapshot_id"] = number(frame.scan.snapshot_id);
  spec["changes_since"] = number(frame.scan.changes_since);
  spec["timestamp"] = frame.scan.timestamp ? nb::object(nb::str(frame.scan.timestamp->c_str())) : nb::none();
  spec["include_change_preimage"] = frame.scan.include_change_preimage;
  return spec;
}

// {connection, path, format, options}: a write as the frame made it, with
// the options it gave Session.write (absent ones keep WriteRequest's defaults).
FlowBranch BranchFromDict(const nb::dict& branch) {
  FlowBranch out{SpecFromDict(nb::cast<nb::dict>(branch["spec"])), {}, {}};
  if (!branch.contains("write") || branch["write"].is_none()) return out;
  const nb::dict write = nb::cast<nb::dict>(branch["write"]);
  const nb::dict options = nb::cast<nb::dict>(write["options"]);
  WriteRequest request;
  out.write_connection = nb::cast<std::string>(write["connection"]);
  request.path = nb::cast<std::string>(write["path"]);
  request.format = ValueOrRaise(ParseFileFormat(nb::cast<std::string>(write["format"])));
  const auto text = [&](const char* key) { return nb::cast<std::string>(options[key]); };
  if (options.contains("compression")) request.compression = ValueOrRaise(ParseCompression(text("compression")));
  if (options.contains("write_mode")) request.mode = ValueOrRaise(ParseWriteMode(text("write_mode")));
  if (options.contains("row_group_size"))
    request.row_group_size = nb::cast<std::int64_t>(options["row_group_size"]);
  if (options.contains("delimiter")) request.csv.delimiter = OneCharacter(options["delimiter"], "delimiter");
  if (options.contains("quote")) request.csv.quote = OneCharacter(options["quote"], "quote");
  if (options.contains("has_header")) request.csv.has_header = nb::cast<bool>(options["has_header"]);
  if (options.contains("encoding")) request.csv.encoding = text("encoding");
  for (const char* key : {"partition_by", "merge_keys"}) {
    if (!options.contains(key) || options[key].is_none()) continue;
    (std::string_view(key) == "partition_by" ? request.partition_by : request.merge_keys) =
        nb::cast<std::vector<std::string>>(options[key]);
  }
  if (options.contains("track_changes")) request.track_changes = nb::cast<bool>(options["track_changes"]);
  out.write = std::move(request);
  return out;
}

}  // namespace

void BindFlows(nb::module_& module) {
  module.def("list_flows", [](const UserSession& session) {
    std::vector<SavedFlow> flows = ValueOrRaise(WithoutGil([&] { return session.ListFlows(); }));
    nb::list out;
    for (const SavedFlow& flow : flows) out.append(FlowDict(flow));
    return out;
  });
  module.def("get_flow", [](const UserSession& session, const std::string& name) {
    return FlowDict(ValueOrRaise(WithoutGil([&] { return session.OpenFlow(name); })));
  });
  module.def("rename_flow", [](const UserSession& session, const std::string& from, const std::string& to) {
    return FlowDict(ValueOrRaise(WithoutGil([&] { return session.RenameFlow(from, to); })));
  });
  module.def("delete_flow", [](const UserSession& session, const std::string& name) {
    RaiseIfError(WithoutGil([&] { return session.DeleteFlow(name); }));
  });
  module.def("run_flow", [](const UserSession& session, const std::string& name) {
    return ValueOrRaise(WithoutGil([&] { return session.RunFlow(name); }));
  });
  // Waits for a run to end (the engine runs it in the background); its
  // write result, or its error raised as the flowfile exception.
  module.def("wait_flow_run", [](const UserSession& session, const std::string& id) {
    FlowRun run = ValueOrRaise(WithoutGil([&]() -> Result<FlowRun> {
      while (true) {
        FLOWFILE_ASSIGN_OR_RETURN(FlowRun current, session.GetFlowRun(id));
        if (current.state != FlowRunState::kRunning) return current;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }));
    if (run.error) RaiseError(*run.error);
    nb::dict out;
    out["rows"] = run.result ? run.result->rows : 0;
    out["bytes"] = run.result ? run.result->bytes : 0;
    out["seconds"] = run.result ? run.result->seconds : 0.0;
    out["path"] = run.result ? run.result->path : std::string();
    return out;
  });
  module.def(
      "save_frame_as_flow",
      [](const UserSession& session, const std::string& name, const nb::dict& spec, bool replace) {
        FrameSpec frame = SpecFromDict(spec);
        return FlowDict(ValueOrRaise(WithoutGil([&] { return session.SaveFrameAsFlow(name, frame, replace); })));
      },
      nb::arg("session"), nb::arg("name"), nb::arg("spec"), nb::arg("replace") = false);
  // Several frames' paths as one flow: [{spec, write: None | {connection, path, format, options}}].
  module.def(
      "save_branches_as_flow",
      [](const UserSession& session, const std::string& name, const nb::list& branches, bool replace) {
        std::vector<FlowBranch> paths;
        for (nb::handle branch : branches) paths.push_back(BranchFromDict(nb::cast<nb::dict>(branch)));
        return FlowDict(
            ValueOrRaise(WithoutGil([&] { return session.SaveBranchesAsFlow(name, paths, replace); })));
      },
      nb::arg("session"), nb::arg("name"), nb::arg("branches"), nb::arg("replace") = false);
  // The saved flow's read as a plan, and its whole spec (the read and the steps after it).
  module.def("flow_frame", [](const UserSession& session, const std::string& name) {
    FrameSpec frame = ValueOrRaise(WithoutGil([&] { return session.FlowFrame(name); }));
    FrameSpec read = frame;
    read.steps.clear();
    LazyFrame plan = ValueOrRaise(WithoutGil([&] { return session.Frame(read); }));
    return nb::make_tuple(nb::cast(plan), SpecToDict(frame));
  });
  // Every row of a frame's spec, its read and then its steps run by the
  // engine, as an 'arrow_array_stream' PyCapsule.
  module.def("export_frame", [](const UserSession& session, const nb::dict& spec) {
    FrameSpec frame = SpecFromDict(spec);
    auto stream = std::make_unique<ArrowArrayStream>();
    stream->release = nullptr;
    RaiseIfError(WithoutGil([&] { return session.ExportFrame(std::move(frame), stream.get()); }));
    return StreamToCapsule(std::move(stream));
  });
  // A frame's steps in words ("sort by a descending; rename a to b"), as explain() shows them.
  module.def("describe_steps", [](nb::handle steps) { return DescribeFrameSteps(StepsFromList(steps)); });
}

}  // namespace flowfile::python
