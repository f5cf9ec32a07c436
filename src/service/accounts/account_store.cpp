#include "src/service/accounts/account_store.h"

#include <algorithm>
#include <array>
#include <utility>

#include "src/crypto/base64.h"
#include "src/crypto/password_hash.h"
#include "src/crypto/random.h"
#include "src/crypto/token.h"

namespace flowfile::accounts {
namespace {

constexpr std::size_t kMaxNameLength = 64;
constexpr std::size_t kMaxTokenNameLength = 100;
constexpr std::size_t kMinPasswordLength = 8;

Status ValidateNewPassword(const Secret& password) {
  if (password.size() < kMinPasswordLength) {
    return Error(ErrorCode::kInvalidArgument, "password: use at least 8 characters.", "password");
  }
  return Status::Ok();
}

Error WrongCredentials() { return Error(ErrorCode::kAccessDenied, "Wrong account name or password."); }
Error NotSignedIn() {
  return Error(ErrorCode::kAccessDenied, "Not signed in, or the session has expired: sign in again.");
}

std::string RandomText(std::size_t bytes) {
  std::string raw(bytes, '\0');
  crypto::FillRandomOrAbort(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  return crypto::EncodeBase64Url(raw);
}

std::int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Status ValidateAccountName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) {
    return Error(ErrorCode::kInvalidArgument, "name: an account name has 1 to 64 characters.", "name");
  }
  for (char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                         c == '_' || c == '@' || c == '-';
    if (!allowed) {
      return Error(ErrorCode::kInvalidArgument, "name: use only letters, digits and . _ @ - in an account name.",
                   "name");
    }
  }
  return Status::Ok();
}

AccountStore::AccountStore(AccountStoreOptions options, std::unique_ptr<store::AccountRecords> records)
    : options_(std::move(options)), records_(std::move(records)) {}

AccountStore::~AccountStore() = default;

Result<std::unique_ptr<AccountStore>> AccountStore::Open(AccountStoreOptions options,
                                                         std::unique_ptr<store::AccountRecords> records) {
  if (!records) return Error(ErrorCode::kInvalidArgument, "Opening the accounts needs a store.");
  if (!options.now) options.now = SystemNow;
  std::unique_ptr<AccountStore> store(new AccountStore(std::move(options), std::move(records)));
  // A hash of a random password: CheckPassword verifies against it when the
  // name is unknown, so response time does not reveal which names exist.
  FLOWFILE_ASSIGN_OR_RETURN(store->dummy_hash_, crypto::HashPassword(Secret(RandomText(16))));
  return store;
}

std::int64_t AccountStore::Now() const { return options_.now(); }

Result<bool> AccountStore::NeedsSetup() {
  FLOWFILE_ASSIGN_OR_RETURN(std::int64_t count, records_->CountAccounts());
  return count == 0;
}

Result<Account> AccountStore::InsertAccount(std::string_view name, std::string password_hash, bool is_admin,
                                            bool only_if_none) {
  store::NewAccountRow row{std::string(name), std::move(password_hash), is_admin, Now()};
  // The backend checks and inserts in one transaction: of two racing setups
  // (also in two server processes) only one creates.
  FLOWFILE_ASSIGN_OR_RETURN(store::InsertedAccount inserted, records_->InsertAccount(row, only_if_none));
  switch (inserted.outcome) {
    case store::AccountInsert::kSetupDone:
      return Error(ErrorCode::kAlreadyExists, "Setup is done already: sign in with an existing account.");
    case store::AccountInsert::kNameTaken:
      return Error(ErrorCode::kAlreadyExists, "The account name '" + std::string(name) + "' is taken.");
    case store::AccountInsert::kInserted:
      break;
  }
  return Account{inserted.user_id, std::move(row.name), is_admin, row.created_at};
}

Result<Account> AccountStore::CreateFirstAdmin(std::string_view name, const Secret& password) {
  FLOWFILE_RETURN_IF_ERROR(ValidateAccountName(name));
  FLOWFILE_RETURN_IF_ERROR(ValidateNewPassword(password));
  FLOWFILE_ASSIGN_OR_RETURN(bool needs_setup, NeedsSetup());
  if (!needs_setup) {
    return Error(ErrorCode::kAlreadyExists, "Setup is done already: sign in with an existing account.");
  }
  FLOWFILE_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password));
  return InsertAccount(name, std::move(hash), true, true);
}

Result<Account> AccountStore::CreateAccount(std::string_view name, const Secret& password, bool is_admin) {
  FLOWFILE_RETURN_IF_ERROR(ValidateAccountName(name));
  FLOWFILE_RETURN_IF_ERROR(ValidateNewPassword(password));
  FLOWFILE_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password));
  return InsertAccount(name, std::move(hash), is_admin, false);
}

Result<Account> AccountStore::CheckPassword(std::string_view name, const Secret& password) {
  FLOWFILE_ASSIGN_OR_RETURN(auto found, records_->FindAccountByName(name));
  // Verified for unknown names too: Argon2id is slow, and an unknown name
  // must take as long as a wrong password.
  const bool matches = crypto::VerifyPassword(password, found ? found->second : dummy_hash_);
  if (!found || !matches) return WrongCredentials();
  return std::move(found->first);
}

Result<std::vector<Account>> AccountStore::ListAccounts() { return records_->ListAccounts(); }

Result<Account> AccountStore::FindAccount(std::string_view name) {
  FLOWFILE_ASSIGN_OR_RETURN(auto found, records_->FindAccountByName(name));
  if (!found) return Error(ErrorCode::kNotFound, "No account named '" + std::string(name) + "'.", "name");
  return std::move(found->first);
}

Status AccountStore::DeleteAccount(std::string_view name) {
  FLOWFILE_ASSIGN_OR_RETURN(Account account, FindAccount(name));
  if (account.is_admin) {
    FLOWFILE_ASSIGN_OR_RETURN(std::vector<Account> accounts, records_->ListAccounts());
    const auto admins =
        std::count_if(accounts.begin(), accounts.end(), [](const Account& a) { return a.is_admin; });
    if (admins <= 1) {
      return Error(ErrorCode::kInvalidArgument,
                   "name: '" + account.name + "' is the last admin account: make another admin first.", "name");
    }
  }
  FLOWFILE_ASSIGN_OR_RETURN(bool deleted, records_->DeleteAccount(account.user_id));
  if (!deleted) return Error(ErrorCode::kNotFound, "No account named '" + std::string(name) + "'.", "name");
  return Status::Ok();
}

Status AccountStore::ChangePassword(std::string_view name, const Secret& password) {
  FLOWFILE_RETURN_IF_ERROR(ValidateNewPassword(password));
  FLOWFILE_ASSIGN_OR_RETURN(Account account, FindAccount(name));
  FLOWFILE_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password));
  FLOWFILE_ASSIGN_OR_RETURN(bool changed, records_->ReplacePasswordHash(account.user_id, hash));
  if (!changed) return Error(ErrorCode::kNotFound, "No account named '" + std::string(name) + "'.", "name");
  return Status::Ok();
}

Status AccountStore::SetGrant(std::string_view name, std::string_view grant, bool granted) {
  if (std::find(kGrants.begin(), kGrants.end(), grant) == kGrants.end()) {
    return Error(ErrorCode::kInvalidArgument,
                 "grant: '" + std::string(grant) +
                     "' is not a grant; the grants are: " + std::string(kAmbientIdentityGrant) + ".",
                 "grant");
  }
  FLOWFILE_ASSIGN_OR_RETURN(Account account, FindAccount(name));
  FLOWFILE_ASSIGN_OR_RETURN(bool changed, records_->SetGrant(account.user_id, grant, granted));
  if (!changed) return Error(ErrorCode::kNotFound, "No account named '" + std::string(name) + "'.", "name");
  return Status::Ok();
}

Result<std::vector<std::string>> AccountStore::GrantsOf(std::string_view name) {
  FLOWFILE_ASSIGN_OR_RETURN(Account account, FindAccount(name));
  return records_->GrantsOf(account.user_id);
}

Result<NewSession> AccountStore::StartSession(const Account& account) {
  crypto::NewToken id = crypto::GenerateApiToken();
  const std::int64_t now = Now();
  NewSession created{{account, RandomText(24), now + options_.session_lifetime.count()}, std::move(id.token)};
  // Expired sessions are dropped there, so the table stays small.
  FLOWFILE_RETURN_IF_ERROR(records_->InsertSession(id.digest, account.user_id, created.session.csrf_token, now,
                                                   created.session.expires_at));
  return created;
}

Result<Session> AccountStore::FindSession(const Secret& session_id) {
  if (session_id.empty()) return NotSignedIn();
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<store::StoredSession> found,
                            records_->FindSession(crypto::DigestToken(session_id)));
  if (!found || found->expires_at <= Now()) return NotSignedIn();
  return Session{std::move(found->account), std::move(found->csrf_token), found->expires_at};
}

Status AccountStore::EndSession(const Secret& session_id) {
  return records_->DeleteSession(crypto::DigestToken(session_id));
}

Result<NewApiToken> AccountStore::CreateApiToken(UserId user, std::string_view name) {
  if (name.empty() || name.size() > kMaxTokenNameLength) {
    return Error(ErrorCode::kInvalidArgument, "name: a token name has 1 to 100 characters.", "name");
  }
  crypto::NewToken token = crypto::GenerateApiToken();
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<ApiTokenInfo> info,
                            records_->InsertApiToken(user, name, token.digest, Now()));
  if (!info) return Error(ErrorCode::kNotFound, "No such account.");
  return NewApiToken{std::move(*info), std::move(token.token)};
}

Result<std::vector<ApiTokenInfo>> AccountStore::ListApiTokens(UserId user) {
  return records_->ListApiTokens(user);
}

Status AccountStore::RevokeApiToken(UserId user, std::int64_t token_id) {
  FLOWFILE_ASSIGN_OR_RETURN(bool removed, records_->DeleteApiToken(user, token_id));
  if (!removed) return Error(ErrorCode::kNotFound, "API token not found: " + std::to_string(token_id) + ".");
  return Status::Ok();
}

Result<Account> AccountStore::FindApiToken(const Secret& token) {
  if (token.empty()) return Error(ErrorCode::kAccessDenied, "Unknown or revoked API token.");
  const std::int64_t now = Now();
  // The last-used time is kept to the minute.
  FLOWFILE_ASSIGN_OR_RETURN(std::optional<Account> owner,
                            records_->UseApiToken(crypto::DigestToken(token), now, now - 60'000 + 1));
  if (!owner) return Error(ErrorCode::kAccessDenied, "Unknown or revoked API token.");
  return std::move(*owner);
}

}  // namespace flowfile::accounts
