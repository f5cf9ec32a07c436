#include "src/store/update_plan.h"

#include <algorithm>

#include "flowfile/connection_fields.h"
#include "flowfile/connection_rules.h"

namespace flowfile::store {
namespace {

bool Contains(const auto& list, const auto& value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

std::size_t Index(SecretField field) { return static_cast<std::size_t>(field); }

// Names of the public fields that differ (storage type and auth method
// first, as they are not in the field tables).
std::vector<std::string> ChangedFields(const ConnectionInfo& before, const ConnectionInfo& after) {
  std::vector<std::string> changed;
  if (before.storage_type != after.storage_type) changed.emplace_back("storage_type");
  if (before.auth_method != after.auth_method) changed.emplace_back("auth_method");
  for (const TextFieldSpec& field : kTextFields) {
    if (before.*field.member != after.*field.member) changed.emplace_back(field.name);
  }
  for (const FlagFieldSpec& field : kFlagFields) {
    if (before.*field.member != after.*field.member) changed.emplace_back(field.name);
  }
  return changed;
}

std::string JoinNames(const std::vector<std::string_view>& names) {
  std::string joined;
  for (std::string_view name : names) {
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined;
}

// The connection ValidateConnection sees: it checks only which secrets are
// present, so a kept secret is represented without decrypting it.
Connection Candidate(const ConnectionInfo& info, const ConnectionUpdate& update,
                     const std::array<SecretChange, kAllSecretFields.size()>& changes,
                     const std::vector<SecretField>& also_present) {
  Connection candidate{info, {}};
  for (SecretField field : kAllSecretFields) {
    const SecretChange change = changes[Index(field)];
    if (change == SecretChange::kSet) {
      candidate.secrets.set(field, update.secrets.get(field));
    } else if ((change == SecretChange::kKeep && Contains(info.secrets_set, field)) ||
               Contains(also_present, field)) {
      // A stand-in of the stored value's shape (a SAS token must parse as one).
      candidate.secrets.set(field, Secret(field == SecretField::kAzureSasToken ? "sig=stored" : "stored"));
    }
  }
  return candidate;
}

// The stored public fields that an update never changes: identity, which
// secrets are set, the times and the credentials version.
void KeepStoredBookkeeping(const ConnectionInfo& stored, ConnectionInfo& info) {
  info.id = stored.id;
  info.connection_name = stored.connection_name;
  info.secrets_set = stored.secrets_set;
  info.created_at = stored.created_at;
  info.updated_at = stored.updated_at;
  info.last_used_at = stored.last_used_at;
  info.credentials_version = stored.credentials_version;
}

// What happens to each secret field: set when given, removed when cleared or
// when the destination changed (those are added to `not_reused`), else kept.
Status PlanSecrets(const ConnectionInfo& stored, const ConnectionUpdate& update, bool destination_changed,
                   UpdatePlan& plan, std::vector<SecretField>& not_reused) {
  for (SecretField field : kAllSecretFields) {
    const bool fresh = update.secrets.has(field);
    const bool cleared = Contains(update.clear_secrets, field);
    const bool stored_has = Contains(stored.secrets_set, field);
    if (fresh && cleared) {
      return InvalidField(SecretFieldName(field), "is both given and cleared: do one or the other.");
    }
    SecretChange& change = plan.secrets[Index(field)];
    if (fresh) {
      change = SecretChange::kSet;
    } else if (stored_has && (cleared || destination_changed)) {
      change = SecretChange::kRemove;
      if (!cleared) not_reused.push_back(field);
    } else {
      change = SecretChange::kKeep;
    }
    if (fresh || change == SecretChange::kRemove) plan.changed_fields.emplace_back(SecretFieldName(field));
  }
  return Status::Ok();
}

// The secret fields set after the plan runs.
std::vector<SecretField> SecretsSetAfter(const ConnectionInfo& stored, const UpdatePlan& plan) {
  std::vector<SecretField> set;
  for (SecretField field : kAllSecretFields) {
    const SecretChange change = plan.secrets[Index(field)];
    if (change == SecretChange::kSet || (change == SecretChange::kKeep && Contains(stored.secrets_set, field))) {
      set.push_back(field);
    }
  }
  return set;
}

}  // namespace

Result<UpdatePlan> PlanUpdate(const ConnectionInfo& stored, const ConnectionUpdate& update) {
  UpdatePlan plan;
  plan.info = update.info ? *update.info : stored;
  if (update.info && !update.info->connection_name.empty() &&
      update.info->connection_name != stored.connection_name) {
    return InvalidField("connection_name", "cannot be changed by an update: rename the connection instead.");
  }
  KeepStoredBookkeeping(stored, plan.info);
  plan.changed_fields = ChangedFields(stored, plan.info);
  const std::vector<std::string_view> destination_changed = ChangedDestinationFields(stored, plan.info);
  std::vector<SecretField> not_reused;  // stored secrets a new destination must not receive
  FLOWFILE_RETURN_IF_ERROR(PlanSecrets(stored, update, !destination_changed.empty(), plan, not_reused));

  if (Status valid = ValidateConnection(Candidate(plan.info, update, plan.secrets, {})); !valid.ok()) {
    // Explain when the stored secrets would have satisfied validation: the
    // user has to learn that the change of destination needs them again,
    // not that they are missing. The error is about the destination field.
    if (!not_reused.empty() && ValidateConnection(Candidate(plan.info, update, plan.secrets, not_reused)).ok()) {
      return Error(ErrorCode::kInvalidArgument,
                   JoinNames(destination_changed) +
                       " changes where the credentials are sent, so stored secrets are not reused: " +
                       valid.error().message() + " Give the secrets again in the same update.",
                   std::string(destination_changed.front()));
    }
    return valid.error();
  }

  plan.info.secrets_set = SecretsSetAfter(stored, plan);
  if (!destination_changed.empty() ||
      std::any_of(plan.secrets.begin(), plan.secrets.end(),
                  [](SecretChange change) { return change != SecretChange::kKeep; })) {
    ++plan.info.credentials_version;
  }
  return plan;
}

}  // namespace flowfile::store
