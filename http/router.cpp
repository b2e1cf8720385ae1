// Linear matching over a few dozen routes: literal segments must match, `{x}` binds x.
#include "http/router.hpp"

namespace weft::http {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void router::add(std::string method, std::string pattern, handler h, std::string name, error_shape shape) {
  add_async(std::move(method), std::move(pattern),
            [h = std::move(h)](request& req, respond_fn respond) { respond(h(req)); }, std::move(name), shape);
}

void router::add_async(std::string method, std::string pattern, async_handler h, std::string name, error_shape shape) {
  route r;
  r.shape = shape;
  r.method = std::move(method);
  for (auto s : split_path(pattern)) {
    const bool names_execution = !r.segments.empty() && (r.segments.back() == "executions" || r.segments.back() == "execution") &&
                                 s.size() > 2 && s.front() == '{' && s.back() == '}';
    if (names_execution) r.execution_param = std::string(s.substr(1, s.size() - 2));
    r.segments.emplace_back(s);
  }
  r.starts = !r.segments.empty() && (r.segments.back() == "execute" || r.segments.back() == "test-execute");
  r.h = std::move(h);
  r.name = name.empty() ? pattern : std::move(name);
  routes_.push_back(std::move(r));
}

void router::add_stream(std::string method, std::string pattern, handler h) {
  add(std::move(method), std::move(pattern), std::move(h));
  routes_.back().streams = true;
}

router::match router::find(request& req) const {
  match m;
  m.name = "unmatched";
  const auto parts = split_path(req.path);
  for (const auto& r : routes_) {
    // A last segment "{name...}" binds the rest of the path, slashes included.
    const bool rest = !r.segments.empty() && r.segments.back().size() > 5 &&
                      r.segments.back().compare(r.segments.back().size() - 4, 4, "...}") == 0;
    if (rest ? parts.size() < r.segments.size() : r.segments.size() != parts.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (std::size_t i = 0; i < r.segments.size() && ok; ++i) {
      const std::string& seg = r.segments[i];
      if (rest && i + 1 == r.segments.size()) {
        std::string joined(parts[i]);
        for (std::size_t k = i + 1; k < parts.size(); ++k) joined += "/" + std::string(parts[k]);
        params[seg.substr(1, seg.size() - 5)] = std::move(joined);
      } else if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        params[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
      } else {
        ok = seg == parts[i];
      }
    }
    if (!ok) continue;
    m.path_known = true;
    if (r.method != req.method && !(req.method == "HEAD" && r.method == "GET")) continue;
    req.params = std::move(params);
    if (!r.execution_param.empty()) m.execution_id = req.params[r.execution_param];
    m.h = &r.h;
    m.name = r.name;
    m.shape = r.shape;
    m.streams = r.streams;
    m.starts = r.starts;
    return m;
  }
  return m;
}

}  // namespace weft::http
