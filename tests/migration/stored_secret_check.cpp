// Test tool: says whether the secrets stored for the local user equal the
// values expected, without ever printing a secret. Reads from standard input
// {"connection name": {"secret field": "expected value", ...}, ...} and
// prints {"connection name": {"secret field": true|false, ...}, ...}; a field
// expected empty ("") checks that none is stored.
// Usage: stored_secret_check DATA_DIRECTORY < expected.json
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "flowfile/secret.h"
#include "src/service/embedded_engine.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: stored_secret_check DATA_DIRECTORY < expected.json\n";
    return 2;
  }
  const std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  const nlohmann::json expected = nlohmann::json::parse(input);
  auto engine = flowfile::service::EmbeddedEngine::Open(argv[1]);
  if (!engine.ok()) {
    std::cerr << engine.error().ToString() << "\n";
    return 1;
  }
  nlohmann::json verdicts = nlohmann::json::object();
  for (const auto& [name, fields] : expected.items()) {
    auto connection = (*engine)->store().GetWithSecrets(flowfile::kLocalUserId, name);
    for (const auto& [field_name, value] : fields.items()) {
      auto field = flowfile::ParseSecretField(field_name);
      verdicts[name][field_name] =
          connection.ok() && field.ok() &&
          flowfile::ConstantTimeEquals(connection->secrets.get(*field).reveal(), value.get<std::string>());
    }
  }
  std::cout << verdicts.dump() << "\n";
  return 0;
}
