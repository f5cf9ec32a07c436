// Binds the migration from upstream Flowfile (UserSession::
// ImportFlowfileDatabase) as flowfile._native.import_flowfile_db.
#pragma once

#include <nanobind/nanobind.h>

namespace flowfile::python {

void BindImport(nanobind::module_& module);

}  // namespace flowfile::python
