// Workflow and version records as CBOR objects under tenant-first keys (storage/keys.hpp).
#include "storage/workflow_store.hpp"

#include "storage/codec.hpp"
#include "storage/keys.hpp"

namespace weft::storage {
namespace {

using json = nlohmann::json;

json to_json(const workflow_record& w) {
  return {{"id", w.id},           {"name", w.name},           {"description", w.description},
          {"status", w.status},   {"version", w.version},     {"active_version", w.active_version},
          {"created_by", w.created_by}, {"updated_by", w.updated_by}, {"created_at", w.created_at},
          {"updated_at", w.updated_at}, {"definition", w.definition}, {"revision", w.revision}};
}

status from_json(const json& j, std::string_view tenant, workflow_record& w) {
  try {
    w.tenant = std::string(tenant);
    w.id = j.at("id").get<std::string>();
    w.name = j.at("name").get<std::string>();
    w.description = j.at("description").get<std::string>();
    w.status = j.at("status").get<std::string>();
    w.version = j.at("version").get<std::uint64_t>();
    w.active_version = j.at("active_version").get<std::uint64_t>();
    w.created_by = j.at("created_by").get<std::string>();
    w.updated_by = j.at("updated_by").get<std::string>();
    w.created_at = j.at("created_at").get<std::int64_t>();
    w.updated_at = j.at("updated_at").get<std::int64_t>();
    w.definition = j.at("definition");
    // Records written before publishing stopped writing versions: one revision per version.
    w.revision = j.contains("revision") ? j.at("revision").get<std::uint64_t>() : w.version;
    return status::ok();
  } catch (const json::exception& e) {
    return status::corruption(std::string("workflow record: ") + e.what());
  }
}

json to_json(const version_record& v) {
  json j = {{"version", v.version}, {"definition", v.definition}, {"change", v.change},
            {"notes", v.notes},     {"created_by", v.created_by}, {"created_at", v.created_at}};
  if (v.published_at != 0) {
    j["published_by"] = v.published_by;
    j["published_at"] = v.published_at;
    j["publish_notes"] = v.publish_notes;
  }
  return j;
}

status from_json(const json& j, version_record& v) {
  try {
    v.version = j.at("version").get<std::uint64_t>();
    v.definition = j.at("definition");
    v.change = j.at("change").get<std::string>();
    v.notes = j.at("notes").get<std::string>();
    v.created_by = j.at("created_by").get<std::string>();
    v.created_at = j.at("created_at").get<std::int64_t>();
    if (j.contains("published_at")) {  // absent in versions never published
      v.published_by = j.at("published_by").get<std::string>();
      v.published_at = j.at("published_at").get<std::int64_t>();
      v.publish_notes = j.at("publish_notes").get<std::string>();
    }
    return status::ok();
  } catch (const json::exception& e) {
    return status::corruption(std::string("version record: ") + e.what());
  }
}

status check_ids(std::string_view tenant, std::string_view id) {
  if (!keys::valid_id(tenant)) return status::invalid_argument("invalid tenant id");
  if (!keys::valid_id(id)) return status::invalid_argument("invalid workflow id");
  return status::ok();
}

}  // namespace

status workflow_store::save(const workflow_record& wf, const version_record& v, std::uint64_t expected_version) {
  if (auto s = check_ids(wf.tenant, wf.id); !s.is_ok()) return s;
  if (v.version == 0 || v.version > wf.version) return status::invalid_argument("the version record must be one of the workflow's");
  std::lock_guard lock(write_mutex_);
  workflow_record current;
  status found = get(wf.tenant, wf.id, current);
  if (found.is_ok()) {
    if (expected_version == 0) return status::conflict("workflow " + wf.id + " already exists");
    if (current.version != expected_version) {
      return status::conflict("workflow " + wf.id + " is at version " + std::to_string(current.version) +
                              ", not " + std::to_string(expected_version));
    }
  } else if (!found.is_not_found()) {
    return found;
  } else if (expected_version != 0) {
    return status::not_found("workflow " + wf.id);
  }
  write_batch batch = db_.new_batch();
  batch.put(family::workflows, keys::entity(wf.tenant, wf.id), codec::encode(to_json(wf)));
  batch.put(family::versions, keys::child(wf.tenant, wf.id, v.version), codec::encode(to_json(v)));
  status written = db_.write(batch);
  generation_.fetch_add(1, std::memory_order_release);  // after the write: a reader may have seen it already
  return written;
}

status workflow_store::get(std::string_view tenant, std::string_view id, workflow_record& out) const {
  if (auto s = check_ids(tenant, id); !s.is_ok()) return s;
  std::string bytes;
  if (auto s = db_.get(family::workflows, keys::entity(tenant, id), bytes); !s.is_ok()) {
    return s.is_not_found() ? status::not_found("workflow " + std::string(id)) : s;
  }
  json j;
  if (auto s = codec::decode(bytes, j, "workflow record"); !s.is_ok()) return s;
  return from_json(j, tenant, out);
}

status workflow_store::list(std::string_view tenant, std::string_view cursor, std::size_t limit,
                            workflow_page& out) const {
  out = {};
  if (!keys::valid_id(tenant)) return status::invalid_argument("invalid tenant id");
  const std::string prefix = keys::tenant_prefix(tenant);
  // Start just after the cursor's key: the cursor itself was the previous page's last item.
  std::string from = cursor.empty() ? prefix : keys::entity(tenant, cursor) + '\0';
  status decode_error = status::ok();
  status s = db_.scan(family::workflows, from, keys::prefix_end(prefix), [&](std::string_view, std::string_view value) {
    if (out.items.size() == limit) {
      out.next_cursor = out.items.back().id;
      return false;
    }
    json j;
    workflow_record w;
    decode_error = codec::decode(value, j, "workflow record");
    if (decode_error.is_ok()) decode_error = from_json(j, tenant, w);
    if (!decode_error.is_ok()) return false;
    out.items.push_back(std::move(w));
    return true;
  });
  if (!s.is_ok()) return s;
  return decode_error;
}

status workflow_store::for_each(const std::function<bool(const workflow_record&)>& visit) const {
  status decode_error = status::ok();
  status s = db_.scan(family::workflows, "", "", [&](std::string_view key, std::string_view value) {
    const std::string_view tenant = key.substr(0, key.find('\0'));
    json j;
    workflow_record w;
    decode_error = codec::decode(value, j, "workflow record");
    if (decode_error.is_ok()) decode_error = from_json(j, tenant, w);
    if (!decode_error.is_ok()) return false;
    return visit(w);
  });
  if (!s.is_ok()) return s;
  return decode_error;
}

status workflow_store::remove(std::string_view tenant, std::string_view id) {
  if (auto s = check_ids(tenant, id); !s.is_ok()) return s;
  std::lock_guard lock(write_mutex_);
  std::string ignored;
  if (auto s = db_.get(family::workflows, keys::entity(tenant, id), ignored); !s.is_ok()) {
    return s.is_not_found() ? status::not_found("workflow " + std::string(id)) : s;
  }
  write_batch batch = db_.new_batch();
  batch.erase(family::workflows, keys::entity(tenant, id));
  const std::string prefix = keys::children_prefix(tenant, id);
  status s = db_.scan(family::versions, prefix, keys::prefix_end(prefix), [&](std::string_view key, std::string_view) {
    batch.erase(family::versions, key);
    return true;
  });
  if (!s.is_ok()) return s;
  status written = db_.write(batch);
  generation_.fetch_add(1, std::memory_order_release);
  return written;
}

status workflow_store::get_version(std::string_view tenant, std::string_view id, std::uint64_t version,
                                   version_record& out) const {
  if (auto s = check_ids(tenant, id); !s.is_ok()) return s;
  std::string bytes;
  if (auto s = db_.get(family::versions, keys::child(tenant, id, version), bytes); !s.is_ok()) {
    return s.is_not_found() ? status::not_found("version " + std::to_string(version) + " of workflow " + std::string(id)) : s;
  }
  json j;
  if (auto s = codec::decode(bytes, j, "version record"); !s.is_ok()) return s;
  return from_json(j, out);
}

status workflow_store::list_versions(std::string_view tenant, std::string_view id, std::vector<version_record>& out) const {
  out.clear();
  if (auto s = check_ids(tenant, id); !s.is_ok()) return s;
  const std::string prefix = keys::children_prefix(tenant, id);
  status decode_error = status::ok();
  status s = db_.scan(family::versions, prefix, keys::prefix_end(prefix), [&](std::string_view, std::string_view value) {
    json j;
    version_record v;
    decode_error = codec::decode(value, j, "version record");
    if (decode_error.is_ok()) decode_error = from_json(j, v);
    if (!decode_error.is_ok()) return false;
    out.push_back(std::move(v));
    return true;
  });
  if (!s.is_ok()) return s;
  return decode_error;
}

}  // namespace weft::storage
