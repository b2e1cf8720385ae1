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

// "got a string" for the value at `pointer`, to make valijson's type errors say what was found.
std::string type_at(const nlohmann::json& doc, const std::string& pointer) {
  try {
    const auto& v = doc.at(nlohmann::json::json_pointer(pointer));
    switch (v.type()) {
      case nlohmann::json::value_t::null: return "got null";
      case nlohmann::json::value_t::boolean: return "got a boolean";
      case nlohmann::json::value_t::string: return "got a string";
      case nlohmann::json::value_t::array: return "got an array";
      case nlohmann::json::value_t::object: return "got an object";
      case nlohmann::json::value_t::number_float: return "got a number with a fraction";
      default: return "got a number";
    }
  } catch (const nlohmann::json::exception&) {
    return "wrong type";
  }
}

bool is_wrapper(const std::string& message) {
  static constexpr const char* wrappers[] = {
      "Failed to validate item #",
      "Failed to validate against schema associated with property name",
      "Failed to validate against schema associated with pattern",
      "Failed to validate against additional properties schema",
      "Failed to validate against child schema #",
      "Failed to validate against a conditional schema",
  };
  for (const char* w : wrappers) {
    if (message.rfind(w, 0) == 0) return true;
  }
  return false;
}

bool is_alternatives(const std::string& message) {
  return message.rfind("Failed to validate against exactly one child schema", 0) == 0 ||
         message.rfind("Failed to validate against any ", 0) == 0;  // anyOf, and oneOf matching none
}

void add_unique(std::vector<violation>& out, violation v) {
  bool duplicate = std::any_of(out.begin(), out.end(), [&](const violation& w) {
    return w.pointer == v.pointer && w.message == v.message;
  });
  if (!duplicate) out.push_back(std::move(v));
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
  while (results.popError(error)) {
    violation v{to_pointer(error.context), error.description};
    if (v.message.rfind("Value type not permitted", 0) == 0) v.message = "Value type not permitted: " + type_at(doc, v.pointer) + ".";
    found.push_back(std::move(v));
  }
  // valijson wraps each failure in "failed to validate item/property ..." lines for every
  // enclosing level. Drop those wrappers when a more specific failure is at or below them.
  std::vector<violation> kept;
  for (const auto& v : found) {
    bool explained = is_wrapper(v.message) && std::any_of(found.begin(), found.end(), [&](const violation& w) {
      return !is_wrapper(w.message) && (w.pointer == v.pointer || is_prefix(v.pointer, w.pointer));
    });
    if (!explained) kept.push_back(v);
  }
  // A failed oneOf/anyOf is reported once per place, naming why each alternative failed.
  for (const auto& v : kept) {
    if (is_alternatives(v.message)) {
      std::string why;
      for (const auto& w : kept) {
        if (w.pointer != v.pointer || is_alternatives(w.message) || why.find(w.message) != std::string::npos) continue;
        why += (why.empty() ? "" : " / ") + w.message;
      }
      add_unique(out, {prefix + v.pointer, "matches none of the allowed forms" + (why.empty() ? "." : ": " + why)});
    } else {
      bool folded = std::any_of(kept.begin(), kept.end(), [&](const violation& w) {
        return w.pointer == v.pointer && is_alternatives(w.message);
      });
      if (!folded) add_unique(out, {prefix + v.pointer, v.message});
    }
  }
}

}  // namespace weft::schemas
