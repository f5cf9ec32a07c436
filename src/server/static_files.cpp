// Serves the built web UI. Paths of the UI's own pages (no file extension)
// get index.html, so reloading /connections works; API paths never do.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "src/server/api_errors.h"
#include "src/server/flowfile_client_api.h"
#include "src/server/routes.h"

namespace flowfile::server {
namespace {

std::string_view ContentTypeFor(const std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".json") return "application/json";
  return "application/octet-stream";
}

bool ReadFile(const std::filesystem::path& file, std::string& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::ostringstream content;
  content << in.rdbuf();
  out = content.str();
  return true;
}

}  // namespace

void RegisterStaticFiles(httplib::Server& http, const ServerContext& context) {
  const std::filesystem::path root = context.options.web_root;
  http.Get(R"(/.*)", [root](const httplib::Request& request, httplib::Response& response) {
    const std::string& path = request.path;
    if (IsApiPath(path)) return SendUnknownRoute(response, path);
    if (path.find("..") != std::string::npos || path.find('\0') != std::string::npos) {
      return SendHttpError(response, 404, "not_found", "No such file.");
    }
    // relative_path() drops every leading slash: "//etc/passwd" must stay
    // inside the web root, not replace it.
    const std::filesystem::path relative = std::filesystem::path(path).relative_path();
    std::filesystem::path file = root / (relative.empty() ? std::filesystem::path("index.html") : relative);
    std::error_code ignored;
    if (!std::filesystem::is_regular_file(file, ignored)) {
      if (std::filesystem::path(path).has_extension())
        return SendHttpError(response, 404, "not_found", "No such file.");
      file = root / "index.html";
    }
    std::string body;
    if (!ReadFile(file, body)) {
      return SendHttpError(response, 404, "not_found",
                           "The web UI is not built: run scripts/build (it needs Node.js and npm).");
    }
    // Built assets have content hashes in their names and never change.
    response.set_header("Cache-Control",
                        path.starts_with("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    response.set_content(body, std::string(ContentTypeFor(file)));
  });
}

}  // namespace flowfile::server
