// Fuzz target for the data API's request bodies: the Reader and Writer
// settings, filters and limits of /api/data/* and /api/flows/run as JSON,
// and a write's settings as a query string. Every input must give a value or
// a kInvalidArgument naming a field: no crash, no exception escaping, no
// sanitizer report. The first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "src/service/data_requests.h"

namespace {

using namespace flowfile;

template <typename T>
void RequireFieldNamed(const Result<T>& result) {
  if (!result.ok() && result.error().code() != ErrorCode::kInvalidArgument) std::abort();
}

// "a=1&b=2" into parameters, as httplib hands a query over (not decoded here).
std::multimap<std::string, std::string> QueryOf(std::string_view text) {
  std::multimap<std::string, std::string> params;
  while (!text.empty()) {
    const std::string_view pair = text.substr(0, text.find('&'));
    const std::size_t equals = pair.find('=');
    params.emplace(std::string(pair.substr(0, equals)),
                   equals == std::string_view::npos ? "" : std::string(pair.substr(equals + 1)));
    if (pair.size() == text.size()) break;
    text.remove_prefix(pair.size() + 1);
  }
  return params;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const char* begin = reinterpret_cast<const char*>(data) + 1;
  const char* end = reinterpret_cast<const char*>(data) + size;
  if (data[0] % 3 == 2) {
    RequireFieldNamed(service::WriteSettingsFromQuery(QueryOf(std::string_view(begin, end - begin))));
    return 0;
  }
  const nlohmann::json body = nlohmann::json::parse(begin, end, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;
  if (data[0] % 3 == 0) {
    RequireFieldNamed(service::FrameSpecFromJson(body));
    FrameSpec plan;
    const Status transforms = service::TransformsFromJson(body, plan);
    if (!transforms.ok() && transforms.error().code() != ErrorCode::kInvalidArgument) std::abort();
  } else {
    RequireFieldNamed(service::WriteSettingsFromJson(body, "writer"));
  }
  return 0;
}
