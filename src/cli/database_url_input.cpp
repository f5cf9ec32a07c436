#include "src/cli/database_url_input.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "flowfile/error.h"

namespace flowfile::cli {
namespace {

constexpr std::string_view kHowToGiveIt =
    "put the URL in an environment variable and name it with --database-url-from-env VARIABLE "
    "(FLOWFILE_DATABASE_URL is read without a flag), or leave the password out of the URL and let "
    "PostgreSQL's client read it from PGPASSWORD or a password file (~/.pgpass, PGPASSFILE).";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// `text` with %XX decoded and lowered: libpq decodes parameter names.
std::string DecodedLower(std::string_view text) {
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      decoded += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  std::transform(decoded.begin(), decoded.end(), decoded.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return decoded;
}

bool IsVariableName(std::string_view name) {
  return !name.empty() && !std::isdigit(static_cast<unsigned char>(name.front())) &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

}  // namespace

bool DatabaseUrlHasPassword(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  const std::string_view rest = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  // libpq looks for user info up to the first '@' or '/', wherever a '?' is.
  const std::size_t stop = rest.find_first_of("@/");
  if (stop != std::string_view::npos && rest[stop] == '@' &&
      rest.substr(0, stop).find(':') != std::string_view::npos) {
    return true;
  }
  // A password holding an unencoded '/' (which libpq then misreads) is
  // still a password its writer typed: "user:" before the last '@' of the
  // part before any '?'.
  const std::string_view before_query = rest.substr(0, rest.find('?'));
  const std::size_t at = before_query.rfind('@');
  if (at != std::string_view::npos && before_query.substr(0, at).find(':') != std::string_view::npos) return true;
  const std::size_t query = url.find('?');
  if (query == std::string_view::npos) return false;
  const std::string parameters = "&" + DecodedLower(url.substr(query + 1));
  return parameters.find("&password=") != std::string::npos;
}

void DatabaseUrlArguments::Register(CLI::App& command) {
  command.add_option("--database-url", url,
                     "postgresql://user@host/db to share one store between servers, without a password "
                     "(PGPASSWORD or ~/.pgpass give it; default: FLOWFILE_DATABASE_URL, else SQLite in the data "
                     "directory)");
  command.add_option("--database-url-from-env", variable,
                     "Name of an environment variable holding the postgresql:// URL, password included");
}

Result<Secret> DatabaseUrlArguments::Read() const {
  if (!url.empty() && !variable.empty()) {
    return InvalidField("--database-url-from-env", "and --database-url are alternatives: give one of them.");
  }
  if (DatabaseUrlHasPassword(url)) {
    // Refused rather than warned about: by now it is in the process list,
    // and a server left running would keep it there.
    return InvalidField("--database-url",
                        "refused: its password would be readable by every user of this machine (ps). Instead, " +
                            std::string(kHowToGiveIt));
  }
  if (variable.empty()) return Secret(url);
  // The name is not repeated when it is not one: a URL typed in its place
  // would be printed.
  if (!IsVariableName(variable)) {
    return InvalidField("--database-url-from-env",
                        "expects the name of an environment variable, such as FLOWFILE_DATABASE_URL.");
  }
  const char* value = std::getenv(variable.c_str());
  if (value == nullptr || *value == '\0') {
    return InvalidField("--database-url-from-env", "names " + variable + ", which is not set or empty.");
  }
  return Secret(value);
}

}  // namespace flowfile::cli
