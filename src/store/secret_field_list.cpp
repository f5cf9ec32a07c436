#include "src/store/secret_field_list.h"

#include <algorithm>

namespace flowfile::store {

std::optional<std::vector<SecretField>> ParseSecretFieldList(std::string_view text) {
  std::vector<SecretField> fields;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    Result<SecretField> field = ParseSecretField(text.substr(start, end - start));
    if (!field.ok()) return std::nullopt;
    fields.push_back(*field);
    start = end + 1;
  }
  std::sort(fields.begin(), fields.end());
  return fields;
}

}  // namespace flowfile::store
