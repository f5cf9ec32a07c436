// Secret: bytes that must never be printed, logged or returned.
//
// Owns its bytes and wipes them on destruction and reassignment. There is no
// stream operator and no implicit conversion: the only read of the plain
// value is reveal(), so every use of a secret is easy to find by grep. Only
// the crypto and cloud layers call it. Equality is constant-time.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace flowfile {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string_view value);
  Secret(const Secret& other);
  Secret(Secret&& other) noexcept;
  Secret& operator=(const Secret& other);
  Secret& operator=(Secret&& other) noexcept;
  ~Secret();

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // The plain value. Callers must not copy it into anything that outlives the
  // call or can be printed.
  std::string_view reveal() const { return {data_.get(), size_}; }

  friend bool operator==(const Secret& a, const Secret& b);  // ConstantTimeEquals of the bytes

 private:
  void Wipe();

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
};

// Whether `a` and `b` hold the same bytes, in time that depends on their
// lengths only: for tokens, digests and secrets an attacker may probe.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace flowfile
