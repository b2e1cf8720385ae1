#include "nodes/data_steps.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/expr/value_ops.hpp"

namespace weft::nodes {
namespace {

using json = nlohmann::json;

const json& config_of(const step_context& ctx) { return ctx.step->config; }

// --- csvInput ----------------------------------------------------------------------------

struct csv_error {
  std::size_t row = 0;  // 1-based line of the record
  std::string message;
};

// RFC 4180 records; false with `error` on an unterminated quote or a quote inside an
// unquoted field.
bool parse_csv(const std::string& text, char delimiter, std::vector<std::vector<std::string>>& records, csv_error& error) {
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;       // inside a quoted field
  bool was_quoted = false;   // the current field was quoted (only a delimiter or end may follow)
  bool any = false;          // the current record has content
  std::size_t row = 1;
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    if (any || record.size() > 1 || !record.front().empty()) records.push_back(std::move(record));
    record.clear();
    any = false;
    ++row;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
          was_quoted = true;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == delimiter) {
      any = true;
      end_field();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // the \n ends the record
    } else if (c == '\n') {
      end_record();
    } else if (c == '"') {
      if (!field.empty() || was_quoted) {
        error = {row, "a quote inside an unquoted field (quote the whole field and double the quote)"};
        return false;
      }
      quoted = any = true;
    } else {
      if (was_quoted) {
        error = {row, "text after a closing quote"};
        return false;
      }
      field += c;
      any = true;
    }
  }
  if (quoted) {
    error = {row, "a quoted field is not closed"};
    return false;
  }
  if (any || !field.empty() || !record.empty()) end_record();
  return true;
}

bool convert(const std::string& text, const std::string& type, json& out) {
  if (type == "string" || type.empty()) {
    out = text;
    return true;
  }
  if (text.empty()) {
    out = nullptr;
    return true;
  }
  if (type == "boolean") {
    std::string lower = text;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower == "true" || lower == "1" || lower == "yes") out = true;
    else if (lower == "false" || lower == "0" || lower == "no") out = false;
    else return false;
    return true;
  }
  std::int64_t whole = 0;  // number
  if (auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), whole);
      ec == std::errc() && end == text.data() + text.size()) {
    out = whole;
    return true;
  }
  double real = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), real);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(real)) return false;
  out = real;
  return true;
}

// --- shared by splitColumns and aggregate -------------------------------------------------

// The array a step works on: its `items` expression, else the first predecessor's output
// (its `rows` or `items` when it is an object).
bool items_of(const step_context& ctx, json& items, step_result& err) {
  const json& config = config_of(ctx);
  if (auto source = config.find("items"); source != config.end() && source->is_string()) {
    if (!evaluate_field(source->get<std::string>(), ctx, "items", items, err)) return false;
  } else if (!ctx.predecessor_outputs.empty()) {
    const json& previous = *ctx.predecessor_outputs.front();
    items = previous.is_object() ? previous.value("rows", previous.value("items", json())) : previous;
  }
  if (!items.is_array()) {
    err = step_failure("invalid_input", "items must be an array, not " + std::string(items.type_name()), {{"field", "items"}});
    return false;
  }
  return true;
}

std::string key_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

step_result run_csv_input(const step_context& ctx) {
  step_result r;
  const json& config = config_of(ctx);
  json text;
  if (!render_field(config.value("csv", json("")), ctx, "csv", text, r)) return r;
  if (!text.is_string()) return step_failure("invalid_input", "csv must be text", {{"field", "csv"}});
  const std::string delimiter = config.value("delimiter", ",");
  std::vector<std::vector<std::string>> records;
  csv_error error;
  if (!parse_csv(text.get<std::string>(), delimiter.empty() ? ',' : delimiter[0], records, error)) {
    return step_failure("invalid_input", "csv line " + std::to_string(error.row) + ": " + error.message, {{"row", error.row}});
  }
  const bool header = config.value("header", true);
  const json types = config.value("types", json::object());
  json columns = json::array();
  std::size_t first = 0;
  if (header && !records.empty()) {
    for (const auto& name : records.front()) columns.push_back(name);
    first = 1;
  }
  json rows = json::array();
  for (std::size_t i = first; i < records.size(); ++i) {
    json row = header ? json::object() : json::array();
    for (std::size_t c = 0; c < records[i].size(); ++c) {
      const std::string name = header && c < columns.size() ? columns[c].get<std::string>() : "column_" + std::to_string(c + 1);
      json value;
      if (!convert(records[i][c], types.value(name, ""), value)) {
        return step_failure("invalid_input",
                            "csv row " + std::to_string(i + 1) + ", column '" + name + "': '" + records[i][c].substr(0, 64) +
                                "' is not a " + types.value(name, ""),
                            {{"row", i + 1}, {"column", name}});
      }
      if (header) row[name] = std::move(value);
      else row.push_back(std::move(value));
    }
    if (header) {
      for (std::size_t c = records[i].size(); c < columns.size(); ++c) row[columns[c].get<std::string>()] = nullptr;
    }
    rows.push_back(std::move(row));
  }
  r.output = {{"rows", rows}, {"columns", columns}, {"count", rows.size()}};
  return r;
}

step_result run_split_columns(const step_context& ctx) {
  step_result r;
  json items;
  if (!items_of(ctx, items, r)) return r;
  const json& config = config_of(ctx);
  const std::string column = config.value("column", "");
  const std::string delimiter = config.value("delimiter", ",");
  const json into = config.value("into", json::array());
  for (auto& item : items) {
    if (!item.is_object()) return step_failure("invalid_input", "splitColumns works on records (objects)", {{"field", "items"}});
    const json value = item.value(column, json());
    std::vector<std::string> parts;
    if (value.is_string() && !delimiter.empty()) {
      const std::string text = value.get<std::string>();
      for (std::size_t at = 0;;) {
        const auto next = text.find(delimiter, at);
        parts.push_back(text.substr(at, next == std::string::npos ? std::string::npos : next - at));
        if (next == std::string::npos) break;
        at = next + delimiter.size();
      }
    }
    const std::size_t names = into.empty() ? std::max<std::size_t>(parts.size(), 1) : into.size();
    for (std::size_t n = 0; n < names; ++n) {
      const std::string name = into.empty() ? column + "_" + std::to_string(n + 1) : into[n].get<std::string>();
      if (n >= parts.size()) {
        item[name] = nullptr;
      } else if (n + 1 == names && parts.size() > names) {
        std::string rest = parts[n];  // the last name keeps what is left
        for (std::size_t k = n + 1; k < parts.size(); ++k) rest += delimiter + parts[k];
        item[name] = rest;
      } else {
        item[name] = parts[n];
      }
    }
  }
  r.output = {{"items", items}, {"count", items.size()}};
  return r;
}

step_result run_aggregate(const step_context& ctx) {
  step_result r;
  json items;
  if (!items_of(ctx, items, r)) return r;
  const json& config = config_of(ctx);
  const std::string operation = config.value("operation", "count");
  const std::string field = config.value("field", "");
  const std::string group_field = config.value("group_by", operation == "group_by" ? field : "");

  // One pass over a group: count, and the operation over `field`'s numbers.
  auto reduce = [&](const std::vector<const json*>& group, json& value) -> bool {
    if (operation == "count" || operation == "group_by") {
      value = group.size();
      return true;
    }
    double sum = 0, best = 0;
    std::size_t n = 0;
    for (const json* item : group) {
      const json v = field.empty() ? *item : (item->is_object() ? item->value(field, json()) : json());
      if (v.is_null()) continue;
      if (!v.is_number()) {
        r = step_failure("invalid_input", "aggregate " + operation + ": '" + key_text(v).substr(0, 64) + "' in field '" + field +
                                              "' is not a number",
                         {{"field", field}});
        return false;
      }
      const double d = v.get<double>();
      if (n == 0 || (operation == "min" && d < best) || (operation == "max" && d > best)) best = d;
      sum += d;
      ++n;
    }
    if (n == 0) value = operation == "sum" ? json(0) : json();
    else if (operation == "sum") value = sum;
    else if (operation == "avg") value = sum / static_cast<double>(n);
    else value = best;
    if (value.is_number_float() && std::floor(value.get<double>()) == value.get<double>() &&
        std::abs(value.get<double>()) < 9e15) {
      value = static_cast<std::int64_t>(value.get<double>());  // 6.0 reads as 6
    }
    return true;
  };

  if (group_field.empty()) {
    std::vector<const json*> all;
    for (const auto& item : items) all.push_back(&item);
    json value;
    if (!reduce(all, value)) return r;
    r.output = {{"value", value}, {"count", items.size()}};
    return r;
  }
  // Groups in order of first appearance.
  struct group {
    json key;
    std::vector<const json*> members;
  };
  std::vector<group> groups;
  for (const auto& item : items) {
    const json key = item.is_object() ? item.value(group_field, json()) : json();
    auto it = std::find_if(groups.begin(), groups.end(), [&](const group& g) { return g.key == key; });
    if (it == groups.end()) {
      groups.push_back(group{key, {}});
      it = std::prev(groups.end());
    }
    it->members.push_back(&item);
  }
  json out = json::array();
  for (const auto& [key, members] : groups) {
    json value;
    if (!reduce(members, value)) return r;
    json g = {{"key", key}, {"value", value}, {"count", members.size()}};
    if (operation == "group_by") {
      json list = json::array();
      for (const json* m : members) list.push_back(*m);
      g["items"] = std::move(list);
    }
    out.push_back(std::move(g));
  }
  r.output = {{"groups", out}, {"count", items.size()}};
  return r;
}

}  // namespace weft::nodes
