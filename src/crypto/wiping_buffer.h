// A fixed-size byte buffer wiped with OPENSSL_cleanse when it goes away:
// for derived keys, decoded keys and plaintext on its way into a Secret.
#pragma once

#include <openssl/crypto.h>

#include <cstddef>
#include <memory>
#include <string_view>

namespace flowfile::crypto {

class WipingBuffer {
 public:
  explicit WipingBuffer(std::size_t size) : data_(std::make_unique<unsigned char[]>(size)), size_(size) {}
  ~WipingBuffer() { OPENSSL_cleanse(data_.get(), size_); }
  WipingBuffer(const WipingBuffer&) = delete;
  WipingBuffer& operator=(const WipingBuffer&) = delete;

  unsigned char* data() { return data_.get(); }
  const unsigned char* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  // The first `length` bytes as text (length <= size()).
  std::string_view view(std::size_t length) const { return {reinterpret_cast<const char*>(data_.get()), length}; }

 private:
  std::unique_ptr<unsigned char[]> data_;
  std::size_t size_;
};

}  // namespace flowfile::crypto
