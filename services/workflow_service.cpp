// Workflow rules: a definition is stored in canonical form only after it validates; the
// latest version is what edits apply to; `status` is `active` when the latest version is the
// published one and `draft` after any later change (executions keep using active_version).
#include "services/workflow_service.hpp"

#include <algorithm>

#include "core/diff.hpp"
#include "core/expr/value_ops.hpp"
#include "core/random_id.hpp"
#include "core/validator.hpp"

namespace weft::services {
namespace {

using json = nlohmann::json;
using kind = service_error::kind;


}  // namespace

service_error storage_error(const storage::status& s) {
  switch (s.which()) {
    case storage::status::code::no_space: return {kind::storage_full, s.message(), json::object()};
    case storage::status::code::io_error: return {kind::unavailable, "storage: " + s.message(), json::object()};
    default: return {kind::internal, "storage: " + s.to_string(), json::object()};
  }
}

namespace {

service_error from_status(const storage::status& s, const std::string& id) {
  // An id storage cannot even hold (too long, a 0 byte) names no workflow either.
  if (s.is_not_found() || s.which() == storage::status::code::invalid_argument) {
    return {kind::not_found, "workflow '" + id.substr(0, 128) + "' was not found", json::object()};
  }
  if (s.is_conflict()) return {kind::conflict, "the workflow changed meanwhile: " + s.message(), json::object()};
  return storage_error(s);
}

json problems(const std::vector<core::problem>& list) {
  json out = json::array();
  for (const auto& p : list) out.push_back(core::to_json(p));
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string string_field(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

json to_api(const storage::workflow_record& w, bool with_definition) {
  json j = {{"id", w.id},
            {"name", w.name},
            {"description", w.description},
            {"status", w.status},
            {"version", w.version},
            {"active_version", w.active_version == 0 ? json() : json(w.active_version)},
            {"created_at", core::expr::iso_timestamp(w.created_at)},
            {"updated_at", core::expr::iso_timestamp(w.updated_at)},
            {"created_by", w.created_by},
            {"updated_by", w.updated_by}};
  const auto steps = w.definition.find("steps");
  j["step_count"] = steps != w.definition.end() && steps->is_array() ? steps->size() : 0;
  if (with_definition) j["definition"] = w.definition;
  return j;
}

workflow_service::workflow_service(storage::workflow_store& store, const core::step_catalog& catalog, clock_fn now)
    : store_(store), catalog_(catalog), now_(std::move(now)) {}

std::optional<service_error> workflow_service::admit_execution(const std::string& tenant, const std::string& trigger) const {
  if (!policy_) return std::nullopt;
  if (auto refused = policy_->check_trigger(tenant, trigger)) return refused;  // before counting it
  return policy_->admit_execution(tenant);
}

std::optional<json> workflow_service::with_time_cap(const std::string& tenant, const json& definition) const {
  if (!policy_ || !definition.is_object()) return std::nullopt;
  const std::int64_t cap = policy_->max_execution_ms(tenant);
  if (cap < 0) return std::nullopt;
  // Read in place: this runs for every start, and most definitions are within the cap.
  std::int64_t asked_ms = 0;
  if (auto settings = definition.find("settings"); settings != definition.end() && settings->is_object()) {
    if (auto t = settings->find("timeout_ms"); t != settings->end() && t->is_number_integer()) asked_ms = t->get<std::int64_t>();
  }
  if (asked_ms > 0 && asked_ms <= cap) return std::nullopt;
  json capped = definition;
  json& s = capped["settings"];
  if (!s.is_object()) s = json::object();
  s["timeout_ms"] = cap;
  return capped;
}

std::variant<workflow_service::runnable_version, service_error> workflow_service::version_to_run(const caller& who,
                                                                                                const std::string& id) const {
  const std::string key = who.tenant + '\0' + id;
  const std::uint64_t generation = store_.generation();  // before reading: a write meanwhile makes it stale
  {
    std::lock_guard lock(to_run_mutex_);
    if (auto it = to_run_.find(key); it != to_run_.end() && it->second.generation == generation) return it->second.run;
  }
  storage::workflow_record w;
  if (auto s = store_.get(who.tenant, id, w); !s.is_ok()) return from_status(s, id);
  runnable_version run;
  run.version = w.version;
  json definition = std::move(w.definition);
  if (w.active_version != 0) {
    storage::version_record v;
    if (auto s = store_.get_version(who.tenant, id, w.active_version, v); !s.is_ok()) return from_status(s, id);
    run.version = w.active_version;
    definition = std::move(v.definition);
  }
  run.text = std::make_shared<const std::string>(definition.dump());
  run.definition = std::make_shared<const json>(std::move(definition));
  std::lock_guard lock(to_run_mutex_);
  if (to_run_.size() >= 1024) to_run_.clear();  // a bound, not an LRU: a node starts few distinct workflows at once
  to_run_[key] = {generation, run};
  return run;
}

std::shared_ptr<const core::step_catalog> workflow_service::catalog_for(const std::string& tenant) const {
  if (catalogs_) return catalogs_(tenant);
  return {std::shared_ptr<const core::step_catalog>(), &catalog_};  // not owned: it outlives the service
}

outcome workflow_service::validate(const std::string& tenant, const json& definition) const {
  auto report = core::validate_definition(definition, *catalog_for(tenant));
  return json{{"valid", report.ok()}, {"errors", problems(report.errors)}, {"warnings", problems(report.warnings)}};
}

outcome workflow_service::runnable(const std::string& tenant, const json& definition) const {
  auto report = core::validate_definition(definition, *catalog_for(tenant));
  if (!report.ok()) {
    return service_error{kind::invalid_definition, "the workflow definition is invalid",
                         {{"errors", problems(report.errors)}, {"warnings", problems(report.warnings)}}};
  }
  if (policy_) {
    if (auto refused = policy_->check_definition(tenant, report.canonical, false)) return *refused;
  }
  return report.canonical;
}

outcome workflow_service::validate_step(const std::string& tenant, const json& body) const {
  if (!body.is_object() || !body.contains("step")) {
    return service_error{kind::invalid_input, "the body must be { \"step\": {...}, \"context\": {...} }", json::object()};
  }
  std::vector<std::string> available;
  if (auto ctx = body.find("context"); ctx != body.end()) {
    if (!ctx->is_object()) return service_error{kind::invalid_input, "context must be an object", json::object()};
    if (auto a = ctx->find("available_steps"); a != ctx->end()) {
      if (!a->is_array()) return service_error{kind::invalid_input, "context.available_steps must be an array", json::object()};
      for (const auto& s : *a) {
        if (!s.is_string()) return service_error{kind::invalid_input, "context.available_steps must hold strings", json::object()};
        available.push_back(s.get<std::string>());
      }
    }
  }
  auto report = core::validate_step(body["step"], available, *catalog_for(tenant));
  json warnings = json::array();
  for (const auto& w : report.warnings) {
    json item = {{"message", w.message}, {"code", w.code}, {"pointer", w.pointer}};
    if (w.position > 0) item["position"] = w.position;
    warnings.push_back(std::move(item));
  }
  json out = {{"valid", report.ok()}, {"warnings", warnings}};
  if (!report.ok()) out["errors"] = problems(report.errors);
  return out;
}

outcome workflow_service::create(const caller& who, const json& definition) {
  auto report = core::validate_definition(definition, *catalog_for(who.tenant));
  if (!report.ok()) {
    return service_error{kind::invalid_definition, "the workflow definition is invalid",
                         {{"errors", problems(report.errors)}, {"warnings", problems(report.warnings)}}};
  }
  if (policy_) {
    if (auto refused = policy_->check_definition(who.tenant, report.canonical, true)) return *refused;
  }
  const std::int64_t now = now_();
  storage::workflow_record w;
  w.tenant = who.tenant;
  w.id = core::random_id("wf_", 16);
  w.name = string_field(report.canonical, "name");
  w.description = string_field(report.canonical, "description");
  w.version = 1;
  w.revision = 1;
  w.created_by = w.updated_by = who.user;
  w.created_at = w.updated_at = now;
  w.definition = report.canonical;
  storage::version_record v{1, w.definition, "created", "", who.user, now, "", 0, ""};
  if (auto s = store_.save(w, v, 0); !s.is_ok()) return from_status(s, w.id);
  announce(w, "created", "");
  json out = to_api(w, true);
  out["warnings"] = problems(report.warnings);
  return out;
}

outcome workflow_service::list(const caller& who, const list_query& q) const {
  const std::size_t limit = std::clamp<std::size_t>(q.limit, 1, 200);
  const std::string name = lower(q.name);
  json items = json::array();
  std::string cursor = q.cursor;
  bool more = false;
  // Scan store pages until `limit` workflows pass the filters. The next cursor is the id of
  // the last workflow looked at, when anything may follow it.
  while (true) {
    storage::workflow_page page;
    if (auto s = store_.list(who.tenant, cursor, limit, page); !s.is_ok()) return from_status(s, "");
    std::size_t looked = 0;
    for (const auto& w : page.items) {
      ++looked;
      cursor = w.id;
      if (!q.status.empty() && w.status != q.status) continue;
      if (!name.empty() && lower(w.name).find(name) == std::string::npos) continue;
      items.push_back(to_api(w, false));
      if (items.size() == limit) break;
    }
    if (items.size() == limit) {
      more = looked < page.items.size() || !page.next_cursor.empty();
      break;
    }
    if (page.next_cursor.empty()) break;
  }
  return json{{"workflows", items}, {"next_cursor", more ? json(cursor) : json()}};
}

outcome workflow_service::get(const caller& who, const std::string& id) const {
  storage::workflow_record w;
  if (auto s = store_.get(who.tenant, id, w); !s.is_ok()) return from_status(s, id);
  return to_api(w, true);
}

outcome workflow_service::save_new_version(const caller& who, storage::workflow_record current, json definition,
                                           const std::string& change, const std::string& notes,
                                           const std::string& status) {
  auto report = core::validate_definition(definition, *catalog_for(who.tenant));
  if (!report.ok()) {
    return service_error{kind::invalid_definition, "the workflow definition is invalid",
                         {{"errors", problems(report.errors)}, {"warnings", problems(report.warnings)}}};
  }
  if (policy_) {
    if (auto refused = policy_->check_definition(who.tenant, report.canonical, false)) return *refused;
  }
  const std::uint64_t expected = current.version;
  const std::string previous_status = current.status;
  const std::int64_t now = now_();
  current.version = expected + 1;
  current.revision += 1;
  current.definition = report.canonical;
  current.name = string_field(report.canonical, "name");
  current.description = string_field(report.canonical, "description");
  current.status = status;
  if (status == "active") current.active_version = current.version;
  current.updated_by = who.user;
  current.updated_at = now;
  storage::version_record v{current.version, current.definition, change, notes, who.user, now, "", 0, ""};
  if (auto s = store_.save(current, v, expected); !s.is_ok()) return from_status(s, current.id);
  announce(current, change, previous_status);
  json out = to_api(current, true);
  out["warnings"] = problems(report.warnings);
  return out;
}

// The store writes only over the version it was read at, so a change between this check and
// the write is a conflict too.
std::optional<service_error> stale(const storage::workflow_record& current, std::optional<std::uint64_t> based_on) {
  if (!based_on || *based_on == current.version) return std::nullopt;
  return service_error{kind::conflict,
                       "the workflow is at version " + std::to_string(current.version) + ", not " + std::to_string(*based_on) +
                           ": someone saved it meanwhile",
                       {{"current_version", current.version}, {"based_on", *based_on}}};
}

outcome workflow_service::replace(const caller& who, const std::string& id, const json& definition,
                                  std::optional<std::uint64_t> based_on) {
  storage::workflow_record current;
  if (auto s = store_.get(who.tenant, id, current); !s.is_ok()) return from_status(s, id);
  if (auto refused = stale(current, based_on)) return *refused;
  return save_new_version(who, std::move(current), definition, "replaced", "", "draft");
}

outcome workflow_service::patch(const caller& who, const std::string& id, const json& merge_patch,
                                std::optional<std::uint64_t> based_on) {
  if (!merge_patch.is_object()) return service_error{kind::invalid_input, "a merge patch must be a JSON object", json::object()};
  storage::workflow_record current;
  if (auto s = store_.get(who.tenant, id, current); !s.is_ok()) return from_status(s, id);
  if (auto refused = stale(current, based_on)) return *refused;
  json patched = current.definition;
  patched.merge_patch(merge_patch);
  return save_new_version(who, std::move(current), std::move(patched), "patched", "", "draft");
}

outcome workflow_service::remove(const caller& who, const std::string& id) {
  storage::workflow_record gone;
  if (auto s = store_.get(who.tenant, id, gone); !s.is_ok()) return from_status(s, id);
  if (auto s = store_.remove(who.tenant, id); !s.is_ok()) return from_status(s, id);
  const std::string previous_status = gone.status;
  gone.version += 1;  // a deletion comes after every version
  gone.revision += 1;
  gone.status = "deleted";
  gone.updated_by = who.user;
  gone.updated_at = now_();
  announce(gone, "deleted", previous_status);
  return json(nullptr);
}

void workflow_service::announce(const storage::workflow_record& w, const std::string& change,
                                const std::string& previous_status) const {
  if (listeners_.empty()) return;
  const core::workflow_change c{w.tenant, w.id, w.name, w.version, change, previous_status, w.status, w.updated_by, w.updated_at, w.revision};
  for (const auto& listener : listeners_) listener(c);
}

outcome workflow_service::versions(const caller& who, const std::string& id) const {
  if (auto refused = check_feature(who.tenant, "versioning")) return *refused;
  storage::workflow_record w;
  if (auto s = store_.get(who.tenant, id, w); !s.is_ok()) return from_status(s, id);
  std::vector<storage::version_record> list;
  if (auto s = store_.list_versions(who.tenant, id, list); !s.is_ok()) return from_status(s, id);
  json items = json::array();
  for (const auto& v : list) {
    json item = {{"version", v.version}, {"change", v.change}, {"notes", v.notes},
                 {"created_by", v.created_by}, {"created_at", core::expr::iso_timestamp(v.created_at)},
                 {"active", v.version == w.active_version}};
    if (v.published_at != 0) {
      item["published_by"] = v.published_by;
      item["published_at"] = core::expr::iso_timestamp(v.published_at);
      item["publish_notes"] = v.publish_notes;
    }
    items.push_back(std::move(item));
  }
  return json{{"workflow_id", id}, {"versions", items}};
}

outcome workflow_service::version(const caller& who, const std::string& id, std::uint64_t v) const {
  storage::workflow_record w;
  if (auto s = store_.get(who.tenant, id, w); !s.is_ok()) return from_status(s, id);
  storage::version_record rec;
  if (auto s = store_.get_version(who.tenant, id, v, rec); !s.is_ok()) {
    if (s.is_not_found()) return service_error{kind::version_not_found, "workflow '" + id + "' has no version " + std::to_string(v), json::object()};
    return from_status(s, id);
  }
  return json{{"workflow_id", id},        {"version", rec.version},       {"change", rec.change},
              {"notes", rec.notes},       {"created_by", rec.created_by}, {"created_at", core::expr::iso_timestamp(rec.created_at)},
              {"definition", rec.definition}};
}

outcome workflow_service::diff(const caller& who, const std::string& id, std::uint64_t from, std::uint64_t to) const {
  if (auto refused = check_feature(who.tenant, "versioning")) return *refused;
  auto a = version(who, id, from);
  if (!a.ok()) return a;
  auto b = version(who, id, to);
  if (!b.ok()) return b;
  json out = core::to_json(core::diff_definitions(a.value()["definition"], b.value()["definition"]));
  out["workflow_id"] = id;
  out["from"] = from;
  out["to"] = to;
  return out;
}

outcome workflow_service::publish(const caller& who, const std::string& id, const std::string& notes,
                                  std::optional<std::uint64_t> version) {
  if (auto refused = check_feature(who.tenant, "versioning")) return *refused;
  storage::workflow_record current;
  if (auto s = store_.get(who.tenant, id, current); !s.is_ok()) return from_status(s, id);
  // Publishing names a version that exists (the latest unless told): the version the user
  // looked at is the one that runs, and no new version is written for it.
  const std::uint64_t target = version.value_or(current.version);
  storage::version_record v;
  if (auto s = store_.get_version(who.tenant, id, target, v); !s.is_ok()) {
    if (s.is_not_found()) return service_error{kind::version_not_found, "workflow '" + id + "' has no version " + std::to_string(target), json::object()};
    return from_status(s, id);
  }
  if (policy_) {
    if (auto refused = policy_->check_definition(who.tenant, v.definition, false)) return *refused;
  }
  const std::uint64_t expected = current.version;
  const std::string previous_status = current.status;
  const std::int64_t now = now_();
  current.active_version = target;
  current.revision += 1;
  current.status = target == current.version ? "active" : "draft";
  current.updated_by = who.user;
  current.updated_at = now;
  v.published_by = who.user;
  v.published_at = now;
  v.publish_notes = notes;
  if (auto s = store_.save(current, v, expected); !s.is_ok()) return from_status(s, current.id);
  announce(current, "published", previous_status);
  return to_api(current, true);
}

outcome workflow_service::revert(const caller& who, const std::string& id, std::uint64_t v, const std::string& notes) {
  if (auto refused = check_feature(who.tenant, "versioning")) return *refused;
  storage::workflow_record current;
  if (auto s = store_.get(who.tenant, id, current); !s.is_ok()) return from_status(s, id);
  storage::version_record target;
  if (auto s = store_.get_version(who.tenant, id, v, target); !s.is_ok()) {
    if (s.is_not_found()) return service_error{kind::version_not_found, "workflow '" + id + "' has no version " + std::to_string(v), json::object()};
    return from_status(s, id);
  }
  std::string why = notes.empty() ? "reverted to version " + std::to_string(v) : notes;
  return save_new_version(who, std::move(current), target.definition, "reverted", why, "draft");
}

}  // namespace weft::services
