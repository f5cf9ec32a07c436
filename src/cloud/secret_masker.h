// A second line of defence for messages that quote third-party text (Arrow,
// AWS SDK, Google and Azure client errors): every occurrence of a secret
// value is replaced by "***".
#pragma once

#include <string>
#include <vector>

#include "flowfile/connection.h"
#include "flowfile/error.h"
#include "flowfile/secret.h"

namespace flowfile::cloud {

// Holds copies of a connection's secret values (wiped on destruction) and the
// forms in which they show up in text: as is, URL-encoded (upper and lower
// case hex), for a service account key its private key and key id, and for
// a SAS token its signature on its own (so a reordered query is masked too).
// Immutable after construction; safe to share between threads.
class SecretMasker {
 public:
  SecretMasker() = default;
  explicit SecretMasker(const ConnectionSecrets& secrets);

  // Adds one more value to mask (with its encoded forms).
  void Add(const Secret& value);
  // `text` with every known secret form replaced by "***".
  std::string Mask(std::string text) const;
  // `error` with its message masked; code, field and remedy kept.
  Error MaskError(const Error& error) const;

 private:
  void AddSasParts(const Secret& token);

  std::vector<Secret> forms_;  // longest first, so a longer form is masked whole
};

}  // namespace flowfile::cloud
