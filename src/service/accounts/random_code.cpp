#include "src/service/accounts/random_code.h"

#include "src/crypto/base64.h"
#include "src/crypto/random.h"

namespace flowfile::accounts {

std::string NewRandomCode() {
  std::string raw(24, '\0');
  crypto::FillRandomOrAbort(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  return crypto::EncodeBase64Url(raw);
}

}  // namespace flowfile::accounts
