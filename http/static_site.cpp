#include "http/static_site.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace weft::http {
namespace {

namespace fs = std::filesystem;

std::string content_type_of(const fs::path& p) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".ico", "image/x-icon"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}};
  auto it = types.find(p.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

// FNV-1a: a stable fingerprint of a file's bytes for its ETag (not a security measure).
std::string etag_of(const std::string& body) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : body) h = (h ^ c) * 1099511628211ULL;
  char text[24];
  std::snprintf(text, sizeof text, "\"%016llx\"", static_cast<unsigned long long>(h));
  return text;
}

// The console talks only to its own origin; React Flow positions nodes with inline styles.
void add_page_headers(response& r) {
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'; "
                         "img-src 'self' data:; frame-ancestors 'none'");
}

constexpr const char* not_built_page =
    "<!doctype html><meta charset=utf-8><title>Weft</title>"
    "<h1>Weft is running</h1><p>The web console is not built. Run <code>./scripts/setup.sh</code> "
    "(it runs <code>npm ci &amp;&amp; npm run build</code> in <code>web/</code>), or start "
    "<code>weft serve --console DIR</code> with a built console. The REST API is at "
    "<code>/api</code>; see docs/api.md.</p>";

}  // namespace

std::unique_ptr<static_site> static_site::load(const std::string& root) {
  auto site = std::unique_ptr<static_site>(new static_site());
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) return site;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    const std::string url = "/" + fs::relative(it->path(), root, ec).generic_string();
    file f{body.str(), content_type_of(it->path()), "", url.rfind("/assets/", 0) == 0};
    f.etag = etag_of(f.body);
    site->files_.emplace(url, std::move(f));
  }
  return site;
}

std::optional<response> static_site::serve(const request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  if (files_.empty()) {
    if (req.path != "/") return std::nullopt;
    response r = response::text(200, not_built_page, "text/html; charset=utf-8");
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
  }
  // The console routes with the URL's fragment, so every page is index.html.
  auto it = files_.find(req.path == "/" ? "/index.html" : req.path);
  if (it == files_.end()) return std::nullopt;
  const file& f = it->second;
  response r;
  if (req.header("if-none-match") == f.etag) {
    r.status = 304;
    r.content_type.clear();
  } else {
    r = response::text(200, f.body, f.content_type);
  }
  r.headers.emplace_back("ETag", f.etag);
  r.headers.emplace_back("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  add_page_headers(r);
  return r;
}

}  // namespace weft::http
