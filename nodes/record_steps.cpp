#include "nodes/record_steps.hpp"

#include <algorithm>
#include <set>

#include "core/expr/value_ops.hpp"

namespace weft::nodes {
namespace {

using json = nlohmann::json;

constexpr std::size_t default_limit = 1000;

// One field condition (operators checked by valid_filter): a plain value means eq.
bool holds(const json& value, const json& condition) {
  if (!condition.is_object()) return value == condition;
  for (const auto& [op, operand] : condition.items()) {
    bool ok = false;
    if (op == "eq") ok = value == operand;
    else if (op == "ne") ok = value != operand;
    else if (op == "gt" || op == "gte" || op == "lt" || op == "lte") {
      if (!((value.is_number() && operand.is_number()) || (value.is_string() && operand.is_string()))) return false;
      ok = op == "gt" ? value > operand : op == "gte" ? value >= operand : op == "lt" ? value < operand : value <= operand;
    } else if (op == "contains") {
      ok = (value.is_string() && operand.is_string() && value.get<std::string>().find(operand.get<std::string>()) != std::string::npos) ||
           (value.is_array() && std::find(value.begin(), value.end(), operand) != value.end());
    } else if (op == "in") {
      ok = operand.is_array() && std::find(operand.begin(), operand.end(), value) != operand.end();
    }
    if (!ok) return false;
  }
  return true;
}

// Checked before reading: a bad operator is an error even on an empty collection.
bool valid_filter(const json& filter, std::string& why) {
  if (!filter.is_object()) {
    why = "filter must be an object of field conditions";
    return false;
  }
  static const std::set<std::string> ops = {"eq", "ne", "gt", "gte", "lt", "lte", "contains", "in"};
  for (const auto& [field, condition] : filter.items()) {
    if (!condition.is_object()) continue;
    for (const auto& [op, operand] : condition.items()) {
      if (!ops.count(op)) {
        why = "unknown filter operator '" + op.substr(0, 32) + "' on '" + field.substr(0, 64) + "' (eq, ne, gt, gte, lt, lte, contains, in)";
        return false;
      }
    }
  }
  return true;
}

}  // namespace

step_result run_save_records(const step_context& ctx) {
  const json& config = ctx.step->config;
  if (!ctx.env || !ctx.env->save_records) return step_failure("unsupported_step", "this node has no record storage");
  step_result err;
  json records;
  if (!evaluate_field(config.value("records", ""), ctx, "records", records, err)) return err;
  if (!records.is_array()) return step_failure("invalid_input", "records must be an array of objects", {{"field", "records"}});
  const std::string key_field = config.value("key", "id");
  std::vector<std::pair<std::string, json>> keyed;
  json keys = json::array();
  for (std::size_t i = 0; i < records.size(); ++i) {
    const json& r = records[i];
    const json key = r.is_object() ? r.value(key_field, json()) : json();
    if (!((key.is_string() && !key.get<std::string>().empty()) || key.is_number())) {
      return step_failure("invalid_input", "record " + std::to_string(i) + " has no '" + key_field + "' to save it by",
                          {{"index", i}, {"key", key_field}});
    }
    keyed.emplace_back(core::expr::display_string(key), r);
    keys.push_back(keyed.back().first);
  }
  const std::string collection = config.value("collection", "");
  std::string why;
  if (!ctx.env->save_records(ctx.tenant, collection, keyed, why)) return step_failure("storage_error", why);
  step_result r;
  r.output = {{"collection", collection}, {"saved", keyed.size()}, {"keys", keys}};
  return r;
}

step_result run_fetch_data(const step_context& ctx) {
  const json& config = ctx.step->config;
  if (!ctx.env || !ctx.env->scan_records) return step_failure("unsupported_step", "this node has no record storage");
  step_result err;
  json filter;
  if (!render_field(config.value("filter", json::object()), ctx, "filter", filter, err)) return err;
  std::string filter_error;
  if (!valid_filter(filter, filter_error)) return step_failure("invalid_input", filter_error, {{"field", "filter"}});
  const std::size_t limit = config.value("limit", default_limit);
  const std::string collection = config.value("collection", "");
  json found = json::array();
  std::string why;
  const bool scanned = ctx.env->scan_records(ctx.tenant, collection, [&](const json& record) {
    for (const auto& [field, condition] : filter.items()) {
      if (!holds(record.is_object() ? record.value(field, json()) : json(), condition)) return true;  // not this one
    }
    found.push_back(record);
    return found.size() < limit;
  }, why);
  if (!scanned) return step_failure("storage_error", why);
  step_result r;
  r.output = {{"collection", collection}, {"records", found}, {"count", found.size()}};
  return r;
}

}  // namespace weft::nodes
