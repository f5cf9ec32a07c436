#include "raise_error.h"

#include <string>

namespace nb = nanobind;

namespace flowfile::python {

nb::object RemedyToDict(const std::optional<Remedy>& remedy) {
  if (!remedy) return nb::none();
  nb::dict out;
  out["setting"] = nb::str(remedy->setting.data(), remedy->setting.size());
  out["value"] = remedy->value ? nb::object(nb::bool_(*remedy->value)) : nb::object(nb::none());
  return out;
}

void RaiseError(const Error& error) {
  // flowfile.errors owns the table from code name to exception class.
  nb::object make_error = nb::module_::import_("flowfile.errors").attr("error_from_code");
  const std::string_view code = ErrorCodeName(error.code());
  // Provider text inside a message may not be valid UTF-8: replace, never fail.
  const std::string& message = error.message();
  nb::object text = nb::steal(PyUnicode_DecodeUTF8(message.data(), static_cast<Py_ssize_t>(message.size()), "replace"));
  const std::string& field = error.field();
  nb::object exception = make_error(nb::str(code.data(), code.size()), text, nb::str(field.data(), field.size()),
                                    RemedyToDict(error.remedy()));
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exception.ptr())), exception.ptr());
  throw nb::python_error();
}

}  // namespace flowfile::python
