// valijson glue: parse the schema once, validate with an nlohmann adapter, and turn
// valijson's "[key]" context lists into JSON pointers.
#include "schemas/json_schema.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace weft::schemas {
namespace {

std::string escape(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// valijson's context is like ["<root>", "[steps]", "[0]", "[id]"].
std::string to_pointer(const std::vector<std::string>& context) {
  std::string out;
  for (std::size_t i = 1; i < context.size(); ++i) {
    const std::string& c = context[i];
    std::string token = c.size() >= 2 && c.front() == '[' && c.back() == ']' ? c.substr(1, c.size() - 2) : c;
    out += "/" + escape(token);
  }
  return out;
}

bool is_prefix(const std::string& a, const std::string& b) {
  return a.size() < b.size() && b.compare(0, a.size(), a) == 0 && b[a.size()] == '/';
}

}  // namespace

struct json_schema::impl {
  valijson::Schema schema;
};

std::optional<json_schema> json_schema::compile(const nlohmann::json& schema, std::string& why) {
  try {
    auto p = std::make_shared<impl>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema);
    parser.populateSchema(adapter, p->schema);
    return json_schema(std::move(p));
  } catch (const std::exception& e) {
    why = e.what();
    return std::nullopt;
  }
}

void json_schema::check(const nlohmann::json& doc, const std::string& prefix, std::vector<violation>& out) const {
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(doc);
  if (validator.validate(impl_->schema, adapter, &results)) return;
  std::vector<violation> found;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) found.push_back({to_pointer(error.context), error.description});
  // Keep the innermost failures: drop a violation when another one lies below it, and
  // valijson's generic summaries when a specific message exists at the same place.
  for (const auto& v : found) {
    bool has_deeper = std::any_of(found.begin(), found.end(), [&](const violation& w) { return is_prefix(v.pointer, w.pointer); });
    if (has_deeper) continue;
    bool generic = v.message.rfind("Failed to validate", 0) == 0;
    bool has_specific = std::any_of(found.begin(), found.end(), [&](const violation& w) {
      return w.pointer == v.pointer && w.message.rfind("Failed to validate", 0) != 0;
    });
    if (generic && has_specific) continue;
    violation out_v{prefix + v.pointer, v.message};
    bool duplicate = std::any_of(out.begin(), out.end(), [&](const violation& w) {
      return w.pointer == out_v.pointer && w.message == out_v.message;
    });
    if (!duplicate) out.push_back(std::move(out_v));
  }
}

}  // namespace weft::schemas
