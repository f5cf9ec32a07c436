#include "src/cloud/secret_masker.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "flowfile/sas_token.h"

namespace flowfile::cloud {
namespace {

constexpr std::string_view kMask = "***";

std::string UrlEncode(std::string_view value, const char* hex_digits) {
  std::string encoded;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += hex_digits[c >> 4];
      encoded += hex_digits[c & 0xF];
    }
  }
  return encoded;
}

}  // namespace

SecretMasker::SecretMasker(const ConnectionSecrets& secrets) {
  for (SecretField field : kAllSecretFields) {
    if (!secrets.has(field)) continue;
    Add(secrets.get(field));
    if (field == SecretField::kAzureSasToken) {
      AddSasParts(secrets.get(field));
      continue;
    }
    if (field == SecretField::kGcsServiceAccountKey) {
      // The key file is JSON; a client may quote just its private key or key id.
      const auto json = nlohmann::json::parse(secrets.get(field).reveal(), nullptr, false);
      if (!json.is_object()) continue;
      for (const char* name : {"private_key", "private_key_id"}) {
        if (json.contains(name) && json[name].is_string()) Add(Secret(json[name].get<std::string>()));
      }
    }
  }
}

void SecretMasker::AddSasParts(const Secret& token) {
  // Clients rebuild the query (the Azure SDK sorts its parameters and may
  // re-encode them), so the token as stored need not appear whole: the
  // signature is the secret part and is masked wherever it shows up, as
  // written and decoded (Add covers the re-encoded forms).
  Result<Secret> normalized = NormalizeSasToken(token);
  if (!normalized.ok()) return;
  Add(*normalized);
  Result<std::vector<SasParameter>> parameters = ParseSasToken(*normalized);
  if (!parameters.ok()) return;
  for (const SasParameter& parameter : *parameters) {
    if (parameter.name != "sig") continue;
    Add(parameter.value);
    Add(UrlDecodeSecret(parameter.value));
  }
}

void SecretMasker::Add(const Secret& value) {
  if (value.empty()) return;
  const std::string_view plain = value.reveal();
  for (std::string form :
       {std::string(plain), UrlEncode(plain, "0123456789ABCDEF"), UrlEncode(plain, "0123456789abcdef")}) {
    Secret candidate(form);
    std::fill(form.begin(), form.end(), '\0');
    if (std::find(forms_.begin(), forms_.end(), candidate) == forms_.end()) {
      forms_.push_back(std::move(candidate));
    }
  }
  std::stable_sort(forms_.begin(), forms_.end(),
                   [](const Secret& a, const Secret& b) { return a.size() > b.size(); });
}

std::string SecretMasker::Mask(std::string text) const {
  // A mask can complete another secret with the text around it ("ab" + "***"
  // + "cd"), so passes repeat until one finds nothing. After the first pass
  // only forms longer than the mask count: each of their replacements
  // shortens the text, so the passes end.
  for (bool first = true, found = true; found; first = false) {
    found = false;
    for (const Secret& form : forms_) {
      if (!first && form.size() <= kMask.size()) continue;
      const std::string_view needle = form.reveal();
      for (std::size_t at = text.find(needle); at != std::string::npos;
           at = text.find(needle, at + kMask.size())) {
        text.replace(at, needle.size(), kMask);
        found = true;
      }
    }
  }
  return text;
}

Error SecretMasker::MaskError(const Error& error) const {
  Error masked(error.code(), Mask(error.message()), error.field());
  return error.remedy() ? std::move(masked).WithRemedy(*error.remedy()) : masked;
}

}  // namespace flowfile::cloud
