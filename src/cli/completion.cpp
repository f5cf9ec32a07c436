#include "src/cli/completion.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "src/cli/command_line.h"
#include "src/cli/exit_codes.h"

namespace flowfile::cli {
namespace {

// One command of the tree: its path of subcommand names ("" for the top),
// the subcommands below it and its flags.
struct CommandWords {
  std::string path;
  std::vector<std::string> subcommands;
  std::vector<std::string> flags;
};

void Collect(CLI::App& app, const std::string& path, std::vector<CommandWords>& out) {
  CommandWords words{.path = path, .subcommands = {}, .flags = {}};
  for (const CLI::Option* option : app.get_options()) {
    if (IsRefusedOption(*option)) continue;
    for (const std::string& name : option->get_lnames()) words.flags.push_back("--" + name);
  }
  std::vector<CLI::App*> children = app.get_subcommands([](CLI::App*) { return true; });
  for (CLI::App* child : children) words.subcommands.push_back(child->get_name());
  out.push_back(words);
  for (CLI::App* child : children)
    Collect(*child, path.empty() ? child->get_name() : path + " " + child->get_name(), out);
}

std::string Joined(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& word : words) joined += (joined.empty() ? "" : " ") + word;
  return joined;
}

// A bash function completing subcommands after the path typed so far, and
// flags once a word starts with '-'. zsh runs it through bashcompinit.
std::string BashScript(CLI::App& app) {
  std::vector<CommandWords> tree;
  Collect(app, "", tree);
  std::string subcommands, flags;
  for (const CommandWords& words : tree) {
    subcommands += "    \"" + words.path + "\") echo \"" + Joined(words.subcommands) + "\" ;;\n";
    flags += "    \"" + words.path + "\") echo \"" + Joined(words.flags) + "\" ;;\n";
  }
  return "_flowfile_subcommands() {\n  case \"$1\" in\n" + subcommands + "  esac\n}\n" +
         "_flowfile_flags() {\n  case \"$1\" in\n" + flags + "  esac\n}\n" +
         R"bash(_flowfile() {
  local cur="${COMP_WORDS[COMP_CWORD]}" path="" i word
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="${COMP_WORDS[i]}"
    if [[ " $(_flowfile_subcommands "$path") " == *" $word "* ]]; then path="${path:+$path }$word"; fi
  done
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_flowfile_flags "$path")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_flowfile_subcommands "$path")" -- "$cur"))
  fi
}
complete -o default -F _flowfile flowfile
)bash";
}

}  // namespace

Command AddCompletionCommand(CLI::App& app) {
  CLI::App* completion =
      app.add_subcommand("completion",
                         "Print a shell completion script: eval \"$(flowfile completion bash)\" in ~/.bashrc, or "
                         "the zsh one in ~/.zshrc");
  auto shell = std::make_shared<std::string>();
  completion->add_option("shell", *shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
  return [completion, shell, &app]() -> int {
    if (!completion->parsed()) return -1;
    if (*shell == "zsh") {
      std::cout << "#compdef flowfile\n"
                   "(( $+functions[compdef] )) || { autoload -U +X compinit && compinit -u; }\n"
                   "autoload -U +X bashcompinit && bashcompinit\n";
    }
    std::cout << BashScript(app);
    return 0;
  };
}

}  // namespace flowfile::cli
