// A workflow definition from untrusted bytes, as POST /api/workflows receives it: parsed with
// the request limits, validated (canonical or React Flow form: links, cycles, reachability,
// expressions against the steps), read into a workflow and converted both ways. A catalog of
// a few types stands in for the registry (schema checks are valijson's and not fuzzed here).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/json_input.hpp"
#include "core/react_flow.hpp"
#include "core/step_catalog.hpp"
#include "core/validator.hpp"
#include "core/workflow.hpp"

namespace {

class fuzz_catalog final : public weft::core::step_catalog {
 public:
  fuzz_catalog() {
    using weft::core::step_class;
    types_ = {type("input", {}, step_class::basic, true, {}),
              type("transform", {}, step_class::basic, false, {"/set/*"}),
              type("condition", {"if"}, step_class::basic, false, {"/conditions/*/condition"}),
              type("log", {}, step_class::basic, false, {}),
              type("loop", {"foreach"}, step_class::advanced, false, {"/items"}),
              type("output", {}, step_class::basic, false, {"/value"}),
              type("http", {}, step_class::basic, false, {})};
  }
  // By name, not by position: step_type_info grows fields (its kind came after trigger).
  static weft::core::step_type_info type(std::string name, std::vector<std::string> aliases, weft::core::step_class tier,
                                         bool trigger, std::vector<std::string> expression_fields) {
    weft::core::step_type_info t;
    t.type = std::move(name);
    t.aliases = std::move(aliases);
    t.tier = tier;
    t.trigger = trigger;
    t.expression_fields = std::move(expression_fields);
    return t;
  }
  const weft::core::step_type_info* find(std::string_view name) const override {
    for (const auto& t : types_) {
      if (t.type == name) return &t;
      for (const auto& a : t.aliases) if (a == name) return &t;
    }
    return nullptr;
  }
  void check_config(const weft::core::step_type_info&, const nlohmann::json&, const std::string&,
                    std::vector<weft::core::problem>&) const override {}
  void check_definition(const nlohmann::json&, std::vector<weft::core::problem>&) const override {}

 private:
  std::vector<weft::core::step_type_info> types_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz_catalog catalog;
  auto parsed = weft::core::parse_json_input(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed.value) return 0;
  const nlohmann::json& doc = *parsed.value;
  const auto report = weft::core::validate_definition(doc, catalog);
  if (weft::core::is_react_flow(doc)) (void)weft::core::react_flow_to_canonical(doc);
  if (report.ok()) {
    const auto wf = weft::core::parse_workflow(report.canonical);
    (void)weft::core::to_json(wf);
    (void)weft::core::canonical_to_react_flow(report.canonical);
  }
  return 0;
}
