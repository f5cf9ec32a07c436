// Binds the saved-flow use cases of UserSession as module functions taking
// the session (list_flows, open_flow, rename_flow, delete_flow, run_flow,
// save_frame_as_flow, flow_frame); frames cross as dicts of their read
// settings and pushed-down transforms.
#pragma once

#include <nanobind/nanobind.h>

namespace flowfile::python {

void BindFlows(nanobind::module_& module);

}  // namespace flowfile::python
