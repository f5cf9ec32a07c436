// Binds LazyFrame as flowfile._native.LazyFrame: an immutable plan whose
// select/filter/limit return new plans and whose rows come out as an Arrow
// C stream capsule.
#pragma once

#include <nanobind/nanobind.h>

namespace flowfile::python {

void BindLazyFrame(nanobind::module_& module);

}  // namespace flowfile::python
