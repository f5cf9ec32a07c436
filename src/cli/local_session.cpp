#include "src/cli/local_session.h"

#include <memory>

namespace flowfile::cli {

Result<UserSession> LocalSession() {
  FLOWFILE_ASSIGN_OR_RETURN(std::shared_ptr<Engine> engine, Engine::OpenEmbedded());
  return engine->ForUser(kLocalUserId);
}

}  // namespace flowfile::cli
