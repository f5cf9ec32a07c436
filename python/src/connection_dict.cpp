#include "connection_dict.h"

#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include <string>
#include <string_view>

#include "flowfile/connection_fields.h"
#include "flowfile/connection_view.h"

namespace nb = nanobind;

namespace flowfile::python {
namespace {

Error Invalid(std::string_view field, std::string_view problem) {
  return InvalidField(field, problem);
}

// The field's value, or None when the dict lacks it.
nb::handle Lookup(nb::handle fields, std::string_view name) {
  PyObject* value = PyDict_GetItemString(fields.ptr(), std::string(name).c_str());
  return value == nullptr ? nb::none() : nb::handle(value);
}

// A view of a Python str's UTF-8 bytes, valid while the str lives.
Result<std::string_view> Utf8Of(nb::handle value, std::string_view field) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_Check(value.ptr()) ? PyUnicode_AsUTF8AndSize(value.ptr(), &size) : nullptr;
  if (data == nullptr) {
    PyErr_Clear();
    return Invalid(field, "must be text.");
  }
  return std::string_view(data, static_cast<std::size_t>(size));
}

Result<std::string> TextField(nb::handle fields, std::string_view name) {
  nb::handle value = Lookup(fields, name);
  if (value.is_none()) return std::string();
  FLOWFILE_ASSIGN_OR_RETURN(std::string_view text, Utf8Of(value, name));
  return std::string(text);
}

Result<bool> FlagField(nb::handle fields, std::string_view name, bool default_value) {
  nb::handle value = Lookup(fields, name);
  if (value.is_none()) return default_value;
  if (!PyBool_Check(value.ptr())) return Invalid(name, "must be True or False.");
  return value.ptr() == Py_True;
}

// Reads a secret straight into a Secret: the plain text never becomes a
// std::string or a new Python object.
Result<Secret> SecretField(nb::handle fields, std::string_view name) {
  nb::handle value = Lookup(fields, name);
  if (value.is_none()) return Secret();
  nb::object plain = nb::borrow(value);
  if (nb::hasattr(value, "get_secret_value")) plain = value.attr("get_secret_value")();
  FLOWFILE_ASSIGN_OR_RETURN(std::string_view text, Utf8Of(plain, name));
  return Secret(text);
}

}  // namespace

Result<Connection> ConnectionFromDict(nb::handle fields) {
  if (!PyDict_Check(fields.ptr())) return Error(ErrorCode::kInvalidArgument, "connection fields must be a dict.");
  Connection connection;
  ConnectionInfo& info = connection.info;
  FLOWFILE_ASSIGN_OR_RETURN(info.connection_name, TextField(fields, "connection_name"));
  FLOWFILE_ASSIGN_OR_RETURN(std::string storage_type, TextField(fields, "storage_type"));
  FLOWFILE_ASSIGN_OR_RETURN(info.storage_type, ParseStorageType(storage_type));
  FLOWFILE_ASSIGN_OR_RETURN(std::string auth_method, TextField(fields, "auth_method"));
  FLOWFILE_ASSIGN_OR_RETURN(info.auth_method, ParseAuthMethod(auth_method));
  for (const TextFieldSpec& field : kTextFields) {
    FLOWFILE_ASSIGN_OR_RETURN(info.*field.member, TextField(fields, field.name));
  }
  for (const FlagFieldSpec& field : kFlagFields) {
    FLOWFILE_ASSIGN_OR_RETURN(info.*field.member, FlagField(fields, field.name, field.default_value));
  }
  for (flowfile::SecretField field : kAllSecretFields) {
    FLOWFILE_ASSIGN_OR_RETURN(Secret secret, SecretField(fields, SecretFieldName(field)));
    if (!secret.empty()) connection.secrets.set(field, std::move(secret));
  }
  return connection;
}

nb::dict ConnectionInfoToDict(const ConnectionInfo& info) {
  nb::dict out;
  for (const PublicField& field : PublicView(info)) {
    const nb::str name(field.name.data(), field.name.size());
    switch (field.kind) {
      case PublicField::Kind::kInteger: out[name] = field.integer; break;
      case PublicField::Kind::kFlag: out[name] = field.flag; break;
      case PublicField::Kind::kText: out[name] = field.text; break;
      case PublicField::Kind::kNames: out[name] = nb::cast(field.names); break;
    }
  }
  return out;
}

}  // namespace flowfile::python
