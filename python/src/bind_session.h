// Binds the engine to Python: open_embedded() -> Session, whose methods are
// the UserSession use cases taking and returning plain dicts, lists and
// LazyFrames. Engine errors become the exceptions of flowfile.errors.
#pragma once

#include <nanobind/nanobind.h>

namespace flowfile::python {

void BindSession(nanobind::module_& module);

}  // namespace flowfile::python
