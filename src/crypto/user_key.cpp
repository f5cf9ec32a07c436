#include "src/crypto/user_key.h"

#include <string>
#include <string_view>

#include "src/crypto/hkdf.h"

namespace flowfile::crypto {
namespace {

constexpr std::string_view kSalt = "flowfile user key v1";

}  // namespace

Status DeriveUserKey(const MasterKey& master, std::int64_t user_id, WipingBuffer& out) {
  if (out.size() != kUserKeySize) return Error(ErrorCode::kInternal, "OpenSSL failed to derive a user key.");
  Status derived = DeriveHkdfSha256(master.bytes.reveal(), kSalt, std::to_string(user_id), out);
  if (!derived.ok()) return Error(ErrorCode::kInternal, "OpenSSL failed to derive a user key.");
  return Status::Ok();
}

}  // namespace flowfile::crypto
