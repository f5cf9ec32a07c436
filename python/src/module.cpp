// flowfile._native: the compiled half of the flowfile Python package. The
// typed, documented API is the pure-Python flowfile package around it.
#include <nanobind/nanobind.h>

#include "bind_flows.h"
#include "bind_frame.h"
#include "bind_import.h"
#include "bind_session.h"

NB_MODULE(_native, module) {
  module.doc() = "The flowfile engine, bound with nanobind. Use the flowfile package, not this module.";
  flowfile::python::BindLazyFrame(module);
  flowfile::python::BindSession(module);
  flowfile::python::BindImport(module);
  flowfile::python::BindFlows(module);
}
