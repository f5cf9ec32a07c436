#include "src/cli/command_line.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <utility>

#include "src/cli/exit_codes.h"

namespace flowfile::cli {
namespace {

// The commands the command line reached, the top one first.
std::vector<const CLI::App*> ParsedPath(const CLI::App& app) {
  std::vector<const CLI::App*> path{&app};
  for (;;) {
    const std::vector<CLI::App*> parsed = path.back()->get_subcommands();
    if (parsed.empty()) return path;
    path.push_back(parsed.front());
  }
}

// "flowfile connections create": the root is named for the program, not
// argv[0] (which the caller chose).
std::string CommandName(const std::vector<const CLI::App*>& path) {
  std::string name = "`flowfile";
  for (std::size_t i = 1; i < path.size(); ++i) name += " " + path[i]->get_name();
  return name + "`";
}

// Every name an option answers to, with its dashes ("--rows", "-n"), or its
// positional name ("name").
std::vector<std::string> NamesOf(const CLI::Option& option) {
  std::vector<std::string> names;
  for (const std::string& name : option.get_lnames()) names.push_back("--" + name);
  for (const std::string& name : option.get_snames()) names.push_back("-" + name);
  if (names.empty() && !option.get_name(/*positional=*/true).empty())
    names.push_back(option.get_name(/*positional=*/true));
  return names;
}

// How to tell a user about an option: its first long name, else its first
// short name, else its positional name.
std::string DisplayName(const CLI::Option& option) {
  const std::vector<std::string> names = NamesOf(option);
  return names.empty() ? std::string("an option") : names.front();
}

std::vector<const CLI::Option*> OptionsOf(const std::vector<const CLI::App*>& path) {
  std::vector<const CLI::Option*> options;
  for (const CLI::App* command : path) {
    for (const CLI::Option* option : command->get_options()) options.push_back(option);
  }
  return options;
}

bool IsNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Where `name` first occurs in `text` as a whole word, or npos.
std::size_t FindWord(const std::string& text, const std::string& name) {
  for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    const std::size_t end = at + name.size();
    if ((at == 0 || !IsNameCharacter(text[at - 1])) && (end == text.size() || !IsNameCharacter(text[end])))
      return at;
  }
  return std::string::npos;
}

// The option of `path` whose display name CLI11's `message` mentions first
// (longest name on a tie). The message is only searched, never printed: an
// attacker-chosen value in it can at worst pick the wrong one of our names.
const CLI::Option* MentionedOption(const std::vector<const CLI::App*>& path, const std::string& message) {
  const CLI::Option* found = nullptr;
  std::size_t found_at = std::string::npos;
  std::size_t found_length = 0;
  for (const CLI::Option* option : OptionsOf(path)) {
    const std::string name = option->get_name();  // CLI11's own spelling in its messages
    if (name.empty()) continue;
    const std::size_t at = FindWord(message, name);
    if (at == std::string::npos) continue;
    if (found == nullptr || at < found_at || (at == found_at && name.size() > found_length)) {
      found = option;
      found_at = at;
      found_length = name.size();
    }
  }
  return found;
}

std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A known flag (or, for a word, a subcommand of the last command) close to
// what was typed (before any '='), for "did you mean". Only our own name is
// ever printed.
std::string NearestName(const std::vector<const CLI::App*>& path, const std::string& typed) {
  const std::string word = typed.substr(0, typed.find('='));
  std::vector<std::string> candidates;
  if (word.starts_with("-")) {
    for (const CLI::Option* option : OptionsOf(path)) {
      for (const std::string& name : NamesOf(*option)) {
        if (name.size() >= 3 && name.front() == '-') candidates.push_back(name);
      }
    }
  } else {
    for (const CLI::App* sub : path.back()->get_subcommands([](const CLI::App*) { return true; }))
      candidates.push_back(sub->get_name());
  }
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(1, std::min<std::size_t>(3, word.size() / 4)) + 1;
  for (const std::string& name : candidates) {
    const std::size_t distance = EditDistance(word, name);
    if (distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  return best;
}

bool IsKnownFlag(const std::vector<const CLI::App*>& path, const std::string& word) {
  const std::vector<const CLI::Option*> options = OptionsOf(path);
  return std::any_of(options.begin(), options.end(), [&](const CLI::Option* option) {
    const std::vector<std::string> names = NamesOf(*option);
    return std::find(names.begin(), names.end(), word) != names.end();
  });
}

// "argument 5 (an unknown option; did you mean --aws-region?)": each word
// CLI11 could not place, by its position and kind, never by its text.
std::string DescribeExtras(const std::vector<const CLI::App*>& path, const std::vector<std::string>& extras,
                           const std::vector<std::string>& args) {
  std::vector<bool> claimed(args.size(), false);
  std::string described;
  for (const std::string& extra : extras) {
    std::size_t position = args.size();
    for (std::size_t i = 0; i < args.size() && position == args.size(); ++i) {
      if (!claimed[i] && args[i] == extra) position = i;
    }
    for (std::size_t i = 0; i < args.size() && position == args.size(); ++i) {
      if (!claimed[i] && !extra.empty() && args[i].find(extra) != std::string::npos) position = i;
    }
    std::string item = position < args.size() ? "argument " + std::to_string(position + 1) : "an argument";
    if (position < args.size()) claimed[position] = true;
    const std::string nearest = NearestName(path, extra);
    if (!extra.empty() && extra.front() == '-' && extra.size() > 1) {
      item += " (an unknown option";
    } else {
      item += " (a value nothing here takes";
      if (position > 0 && position < args.size() && !args[position - 1].empty() &&
          args[position - 1].front() == '-' && IsKnownFlag(path, args[position - 1]))
        item += ", after " + args[position - 1] + ", which takes none or has its value already";
    }
    item += nearest.empty() ? ")" : "; did you mean " + nearest + "?)";
    described += (described.empty() ? "" : ", ") + item;
  }
  return described;
}

// A refused option named on the command line (alone or as "--flag=..."),
// whatever else went wrong: its refusal is the first thing to fix.
const CLI::Option* RefusedOptionGiven(const std::vector<const CLI::App*>& path,
                                      const std::vector<std::string>& args) {
  for (const CLI::Option* option : OptionsOf(path)) {
    if (!IsRefusedOption(*option)) continue;
    for (const std::string& name : NamesOf(*option)) {
      for (const std::string& arg : args) {
        if (arg == name || arg.starts_with(name + "=")) return option;
      }
    }
  }
  return nullptr;
}

// What went wrong with `option`, in words chosen from CLI11's kind of error
// and the option's own description (never from the values given).
std::string DescribeOptionError(const CLI::ParseError& error, const CLI::Option* option) {
  const std::string name = option != nullptr ? DisplayName(*option) : "an argument";
  const std::string what = error.what();
  const std::string expects =
      option != nullptr && !option->get_description().empty() ? "; it takes: " + option->get_description() : "";
  const std::string unrepeated = ". The value is not repeated here, in case it is a secret";
  const bool is_flag = option != nullptr && option->get_items_expected_max() == 0;
  if (dynamic_cast<const CLI::ConversionError*>(&error) != nullptr) {
    if (is_flag) return name + " is a flag: give it alone, without a value";
    return name + ": the value given is not valid" + expects + unrepeated;
  }
  if (dynamic_cast<const CLI::ValidationError*>(&error) != nullptr)
    return name + ": the value given is not accepted" + expects + unrepeated;
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
    if (what.find("At Most") != std::string::npos)
      return name + " was given more than once or with too many values";
    if (what.find("flag override") != std::string::npos)
      return name + " is a flag: give it alone, without a value";
    return name + " needs a value" + expects;
  }
  return {};
}

}  // namespace

bool IsRefusedOption(const CLI::Option& option) { return option.get_group().empty(); }

CLI::Option* AddRefusedOption(CLI::App& command, const std::string& flag, const std::string& how_to,
                              std::function<void()> given) {
  // The value is dropped unseen; only the fact that the flag was used is kept.
  return command
      .add_option_function<std::string>(
          flag, [given = std::move(given)](const std::string&) { given(); }, how_to)
      ->group("");
}

std::string DescribeRefusedCommandLine(const CLI::App& app, const CLI::ParseError& error,
                                       const std::vector<std::string>& args) {
  const std::vector<const CLI::App*> path = ParsedPath(app);
  const std::string command = CommandName(path);
  const std::string see = " (see " + command.substr(0, command.size() - 1) + " --help`)";
  if (const CLI::Option* refused = RefusedOptionGiven(path, args); refused != nullptr)
    return DisplayName(*refused) + " refused: " + refused->get_description();

  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    return command + " does not take " + DescribeExtras(path, app.remaining(/*recurse=*/true), args) +
           ". Arguments are not repeated here, in case one is a secret" + see + ".";
  }
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    if (const CLI::Option* missing = MentionedOption(path, error.what()); missing != nullptr)
      return command + " needs " + DisplayName(*missing) + see + ".";
    std::string choices;
    for (const CLI::App* sub : path.back()->get_subcommands([](const CLI::App*) { return true; }))
      choices += (choices.empty() ? "" : ", ") + sub->get_name();
    const std::vector<std::string> extras = app.remaining(/*recurse=*/true);
    return command + " needs a command" + (choices.empty() ? "" : ": one of " + choices) +
           (extras.empty() ? "" : "; it does not take " + DescribeExtras(path, extras, args)) + see + ".";
  }
  if (dynamic_cast<const CLI::ExcludesError*>(&error) != nullptr ||
      dynamic_cast<const CLI::RequiresError*>(&error) != nullptr) {
    const bool excludes = dynamic_cast<const CLI::ExcludesError*>(&error) != nullptr;
    const CLI::Option* first = MentionedOption(path, error.what());
    std::string rest = error.what();
    if (first != nullptr) rest = rest.substr(FindWord(rest, first->get_name()) + first->get_name().size());
    const CLI::Option* second = MentionedOption(path, rest);
    if (first != nullptr && second != nullptr) {
      return DisplayName(*first) + (excludes ? " cannot be used with " : " needs ") + DisplayName(*second) + see +
             ".";
    }
    return command + ": two options given do not go together" + see + ".";
  }
  if (std::string described = DescribeOptionError(error, MentionedOption(path, error.what()));
      !described.empty()) {
    return described + see + ".";
  }
  return command + ": the command line could not be read" + see + ".";
}

std::optional<int> ParseCommandLine(CLI::App& app, const std::vector<std::string>& args, std::ostream& out,
                                    std::ostream& err) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
  try {
    app.parse(reversed);
  } catch (const CLI::Success& done) {  // --help, --help-all, --version
    return app.exit(done, out, err);
  } catch (const CLI::ParseError& error) {
    err << "flowfile: " << DescribeRefusedCommandLine(app, error, args) << "\n";
    return UsageExitCode();
  }
  return std::nullopt;
}

}  // namespace flowfile::cli
