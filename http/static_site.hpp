// The built web console (web/dist) served from memory: files are read once at start-up, so a
// request never touches the disk. Vite names the files under assets/ by their content hash,
// so they are cached for a year; index.html is revalidated every time (ETag), so a new build
// reaches browsers at once. Read-only after load(): thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace weft::http {

class static_site {
 public:
  /// Reads every regular file under `root`. A missing directory is not an error: the site
  /// then answers `/` with a page that says how to build the console.
  [[nodiscard]] static std::unique_ptr<static_site> load(const std::string& root);

  /// The answer for a GET of `req.path`, or nothing when the site has no such file.
  [[nodiscard]] std::optional<response> serve(const request& req) const;
  /// Whether a build was found.
  [[nodiscard]] bool built() const noexcept { return !files_.empty(); }

 private:
  struct file {
    std::string body;
    std::string content_type;
    std::string etag;
    bool immutable = false;  // under assets/: the name changes with the content
  };
  std::map<std::string, file> files_;  // by URL path ("/index.html", "/assets/x.js")
};

}  // namespace weft::http
