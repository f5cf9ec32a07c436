#include "arrow_stream.h"

namespace nb = nanobind;

namespace flowfile::python {
namespace {

constexpr const char* kStreamCapsuleName = "arrow_array_stream";

void ReleaseStreamCapsule(void* pointer) noexcept {
  auto* stream = static_cast<ArrowArrayStream*>(pointer);
  if (stream->release != nullptr) stream->release(stream);
  delete stream;
}

}  // namespace

nb::capsule StreamToCapsule(std::unique_ptr<ArrowArrayStream> stream) {
  return nb::capsule(stream.release(), kStreamCapsuleName, &ReleaseStreamCapsule);
}

std::unique_ptr<ArrowArrayStream> StreamFromCapsule(nb::handle capsule) {
  auto* source = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule.ptr(), kStreamCapsuleName));
  if (source == nullptr) {
    PyErr_Clear();
    throw nb::type_error("expected an 'arrow_array_stream' PyCapsule (from __arrow_c_stream__)");
  }
  if (source->release == nullptr) throw nb::value_error("the Arrow stream was already consumed");
  auto stream = std::make_unique<ArrowArrayStream>(*source);
  source->release = nullptr;
  return stream;
}

}  // namespace flowfile::python
