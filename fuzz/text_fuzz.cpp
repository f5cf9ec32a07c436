// Fuzz target for the text parsers of connection fields that decide where a
// secret is sent or what it is: connection names, endpoint URLs, Azure
// account names and tenants, cloud URIs and SAS tokens. The first byte picks the parser;
// the rest is its input. Beyond "no crash, no sanitizer report", each accepted
// value must obey the grammar its checker promises, and a SAS token must
// never show in an error message or survive the masker.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "flowfile/connection.h"
#include "flowfile/sas_token.h"
#include "src/cloud/cloud_path.h"
#include "src/cloud/endpoint_url.h"
#include "src/cloud/secret_masker.h"
#include "src/core/text_checks.h"

namespace {

using namespace flowfile;
using namespace flowfile::internal;

void Require(bool property) {
  if (!property) std::abort();
}

void CheckName(std::string_view input) {
  if (!ValidateConnectionName(input).ok()) return;
  // An accepted name can be addressed in a URL path and printed as is.
  Require(input.find('/') == std::string_view::npos);
  Require(IsValidUtf8(input) && !HasControlCharacter(input));
}

void CheckEndpoint(std::string_view input) {
  (void)CheckEndpointUrl(input);  // the core's check: must not crash on anything
  Result<cloud::Endpoint> parsed = cloud::ParseEndpoint(input);
  if (!parsed.ok()) return;
  // Nothing may ride along after the host: no path, query, fragment or user.
  Require(parsed->scheme == "http" || parsed->scheme == "https");
  Require(!parsed->authority.empty());
  Require(parsed->authority.find_first_of("/?#@\\ ") == std::string::npos);
}

void CheckAzureAccount(std::string_view input) {
  // The same text as a tenant, the other Azure field that names where a secret goes.
  if (IsAzureTenantId(input)) {
    Require(!input.empty() && input.find_first_of("/?#@\\:% ") == std::string_view::npos);
  }
  if (!IsAzureAccountName(input)) return;
  Require(input.size() >= 3 && input.size() <= 24);
  for (char c : input) Require((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
}

void CheckCloudPath(std::string_view input) {
  Result<cloud::CloudPath> parsed = cloud::ParseCloudPath(input);
  if (!parsed.ok()) return;
  Require(parsed->fs_path.find_first_of("?#") == std::string::npos);
  // The URI it prints parses back to the same place.
  Result<cloud::CloudPath> again = cloud::ParseCloudPath(parsed->Uri());
  Require(again.ok() && again->fs_path == parsed->fs_path && again->storage_type == parsed->storage_type &&
          again->account_host == parsed->account_host);
}

void CheckSas(std::string_view input) {
  const Secret token{std::string(input)};
  Result<Secret> normalized = NormalizeSasToken(token);
  if (!normalized.ok()) {
    // The message explains the form; it never quotes the signature. (Its
    // fixed text may hold anything the fuzzer types, hence the comparison
    // with the messages of tokens that hold no signature at all.)
    const std::size_t sig = input.find("sig=");
    if (sig == std::string_view::npos) return;
    const std::size_t end = input.find('&', sig);  // npos: to the end
    const std::string_view value = input.substr(sig + 4, end == std::string_view::npos ? end : end - sig - 4);
    std::string fixed_text;
    // One token per reason a token is refused.
    for (const char* plain : {"", "=x", "a b=x", "a=x y", "a=%z", "a=b"}) {
      Result<Secret> refused = NormalizeSasToken(Secret(std::string(plain)));
      if (!refused.ok()) fixed_text += refused.error().message();
    }
    if (value.size() >= 12 && fixed_text.find(value) == std::string::npos) {
      Require(normalized.error().message().find(value) == std::string::npos);
    }
    return;
  }
  Require(!normalized->reveal().starts_with('?'));
  ConnectionSecrets secrets;
  secrets.set(SecretField::kAzureSasToken, token);
  const cloud::SecretMasker masker(secrets);
  // However a vendor quotes the token (as given, normalized, behind a URL),
  // the masked text holds no signature of 12 characters or more.
  const std::string quoted = "GET https://acct.blob.core.windows.net/c/x?" + std::string(normalized->reveal()) +
                             " failed; token " + std::string(input);
  const std::string masked = masker.Mask(quoted);
  Result<std::vector<SasParameter>> parameters = ParseSasToken(token);
  Require(parameters.ok());
  for (const SasParameter& parameter : *parameters) {
    if (parameter.name != "sig" || parameter.value.reveal().size() < 12) continue;
    Require(masked.find(parameter.value.reveal()) == std::string::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      CheckName(input);
      break;
    case 1:
      CheckEndpoint(input);
      break;
    case 2:
      CheckAzureAccount(input);
      break;
    case 3:
      CheckCloudPath(input);
      break;
    default:
      CheckSas(input);
      break;
  }
  return 0;
}
