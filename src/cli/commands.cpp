#include "src/cli/commands.h"

#include <utility>

namespace flowfile::cli {

Command FirstParsed(std::vector<Command> commands) {
  return [commands = std::move(commands)]() -> int {
    for (const Command& command : commands) {
      if (const int code = command(); code != -1) return code;
    }
    return -1;
  };
}

}  // namespace flowfile::cli
