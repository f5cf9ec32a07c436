#include "flowfile/secret.h"

#include <openssl/crypto.h>

#include <cstring>

namespace flowfile {

Secret::Secret(std::string_view value) {
  if (value.empty()) return;
  data_ = std::make_unique<char[]>(value.size());
  std::memcpy(data_.get(), value.data(), value.size());
  size_ = value.size();
}

Secret::Secret(const Secret& other) : Secret(other.reveal()) {}

Secret::Secret(Secret&& other) noexcept : data_(std::move(other.data_)), size_(other.size_) { other.size_ = 0; }

Secret& Secret::operator=(const Secret& other) {
  if (this != &other) *this = Secret(other);
  return *this;
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    Wipe();
    data_ = std::move(other.data_);
    size_ = other.size_;
    other.size_ = 0;
  }
  return *this;
}

Secret::~Secret() { Wipe(); }

void Secret::Wipe() {
  // OPENSSL_cleanse is not optimised away, unlike a memset before free.
  if (data_) OPENSSL_cleanse(data_.get(), size_);
  data_.reset();
  size_ = 0;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Length is not secret; the bytes are compared in constant time.
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool operator==(const Secret& a, const Secret& b) { return ConstantTimeEquals(a.reveal(), b.reveal()); }

}  // namespace flowfile
