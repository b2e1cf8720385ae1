// Validation pipeline: React Flow -> canonical, definition schema, ids and types, configs,
// expressions and their references, links and handles, then graph shape (cycles,
// reachability). Every stage runs even when an earlier one found problems.
#include "core/validator.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/expr/analysis.hpp"
#include "core/expr/template_string.hpp"
#include "core/graph.hpp"
#include "core/json_input.hpp"
#include "core/react_flow.hpp"
#include "core/workflow.hpp"

namespace weft::core {
namespace {

using json = nlohmann::json;

constexpr std::size_t max_config_depth = 64;  // deeper configs are refused, not walked
const std::set<std::string> reserved_ids = {"vars", "item", "execution"};
const std::set<std::string> context_roots = {"input", "vars", "item", "execution"};

std::vector<std::string> split_pointer(const std::string& p) {
  std::vector<std::string> out;
  std::size_t i = 1;
  while (i <= p.size() && !p.empty()) {
    std::size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    out.push_back(p.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool pattern_matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (pattern[i] != "*" && pattern[i] != path[i]) return false;
  }
  return true;
}

// Checks the expressions and templates of one step and where they read from.
class expression_checker {
 public:
  // `known(root)`: a step id that exists; `upstream(root)`: that step can have run before.
  expression_checker(std::function<bool(const std::string&)> known, std::function<bool(const std::string&)> upstream,
                     validation_report& report)
      : known_(std::move(known)), upstream_(std::move(upstream)), report_(report) {}

  void check_config(const step_type_info& type, const json& config, const std::string& pointer) {
    std::vector<std::vector<std::string>> patterns;
    for (const auto& f : type.expression_fields) patterns.push_back(split_pointer(f));
    std::vector<std::string> path;
    walk(config, pointer, path, patterns);
  }

 private:
  void walk(const json& v, const std::string& pointer, std::vector<std::string>& path,
            const std::vector<std::vector<std::string>>& patterns) {
    if (path.size() > max_config_depth) {
      report_.errors.push_back({pointer, problem_code::invalid_config,
                                "config nests deeper than " + std::to_string(max_config_depth) + " levels", 0});
      return;
    }
    if (v.is_object()) {
      for (const auto& [k, child] : v.items()) {
        path.push_back(k);
        walk(child, pointer + "/" + pointer_token(k), path, patterns);
        path.pop_back();
      }
    } else if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        path.push_back(std::to_string(i));
        walk(v[i], pointer + "/" + std::to_string(i), path, patterns);
        path.pop_back();
      }
    } else if (v.is_string()) {
      const auto& text = v.get_ref<const std::string&>();
      bool is_expression = std::any_of(patterns.begin(), patterns.end(),
                                       [&](const auto& p) { return pattern_matches(p, path); });
      if (is_expression) {
        check_expression(text, pointer);
      } else if (expr::template_string::looks_like_template(text)) {
        check_template(text, pointer);
      }
    }
  }

  void check_expression(const std::string& text, const std::string& pointer) {
    auto e = expr::expression::compile(text);
    if (!e) return report_error(e.err(), pointer);
    check_reads(e.value(), pointer);
  }

  void check_template(const std::string& text, const std::string& pointer) {
    auto t = expr::template_string::compile(text);
    if (!t) return report_error(t.err(), pointer);
    for (const auto* e : t.value().expressions()) check_reads(*e, pointer);
  }

  void report_error(const expr::error& err, const std::string& pointer) {
    report_.errors.push_back({pointer, problem_code::invalid_expression, err.to_string(), err.position});
  }

  void check_reads(const expr::expression& e, const std::string& pointer) {
    for (const auto& root : expr::reads(e).roots) {
      if (context_roots.count(root)) continue;
      if (!known_(root)) {
        report_.errors.push_back({pointer, problem_code::unknown_reference,
                                  "the expression reads $." + root + ", but there is no step '" + root + "'", 0});
      } else if (!upstream_(root)) {
        report_.warnings.push_back({pointer, problem_code::reference_not_upstream,
                                    "step '" + root + "' is not upstream of this step: $." + root +
                                        " may not have a value yet",
                                    0});
      }
    }
    for (const auto& w : expr::lint(e)) {
      report_.warnings.push_back({pointer, w.code, w.message, w.position});
    }
  }

  std::function<bool(const std::string&)> known_;
  std::function<bool(const std::string&)> upstream_;
  validation_report& report_;
};

// The handles a step of canonical type `type` may leave by.
bool has_handle(const step& s, const std::string& h) {
  if (h == handle::error) return true;
  if (s.type == "condition") {
    if (h == handle::fallback) return true;
    auto it = s.config.find("conditions");
    if (it == s.config.end() || !it->is_array()) return false;
    for (std::size_t i = 0; i < it->size(); ++i) {
      if (condition_handle((*it)[i], i) == h) return true;
    }
    return false;
  }
  if (s.type == "loop") return h == handle::out || h == handle::body;
  return h == handle::out;
}

// Reverse reachability over forward links: can `ancestor` run before `of`?
class ancestry {
 public:
  explicit ancestry(const graph& g) : g_(g) {}
  bool is_ancestor(graph::index ancestor, graph::index of) {
    auto [it, fresh] = cache_.try_emplace(of);
    if (fresh) {
      std::vector<bool> seen(g_.size(), false);
      std::vector<graph::index> stack{of};
      while (!stack.empty()) {
        auto v = stack.back();
        stack.pop_back();
        for (auto l : g_.incoming(v)) {
          auto u = g_.link_from(l);
          if (!seen[u]) {
            seen[u] = true;
            stack.push_back(u);
          }
        }
        if (auto loop = g_.loop_of(v); loop && !seen[*loop]) {  // a body step runs after its loop starts
          seen[*loop] = true;
          stack.push_back(*loop);
        }
      }
      it->second = std::move(seen);
    }
    return it->second[ancestor];
  }

 private:
  const graph& g_;
  std::unordered_map<graph::index, std::vector<bool>> cache_;
};

void check_links(const workflow& wf, const std::unordered_map<std::string, std::size_t>& index,
                 validation_report& report) {
  for (const auto& l : declared_links(wf)) {
    if (l.from.empty() || l.to.empty()) continue;  // a missing end: the schema reports it
    auto from = index.find(l.from);
    auto to = index.find(l.to);
    if (from == index.end()) {
      report.errors.push_back({l.pointer + "/from", problem_code::dangling_reference,
                               "edge source '" + l.from + "' names no step", 0});
      continue;
    }
    if (to == index.end()) {
      std::string where = l.origin == link_origin::edge ? l.pointer + "/to" : l.pointer;
      report.errors.push_back({where, problem_code::dangling_reference, "'" + l.to + "' names no step", 0});
      continue;
    }
    const step& src = wf.steps[from->second];
    const step& dst = wf.steps[to->second];
    if (src.type == "comment" || dst.type == "comment") {
      report.errors.push_back({l.pointer, problem_code::invalid_route,
                               "comment steps are notes on the canvas and take no part in the flow", 0});
      continue;
    }
    if (!has_handle(src, l.handle)) {
      std::string why = src.type == "condition" && l.handle == handle::out
                            ? "a condition routes by its conditions and default; a plain successor is never taken"
                            : "step '" + src.id + "' (" + src.type + ") has no output handle '" + l.handle + "'";
      report.errors.push_back({l.pointer, problem_code::invalid_route, why, 0});
    }
  }
}

// Documents nested beyond what bounded input allows are refused before anything copies or
// walks them recursively.
bool refuse_deep(const json& doc, validation_report& report) {
  const std::size_t limit = json_input_limits{}.max_depth;
  if (!nests_deeper_than(doc, limit)) return false;
  report.errors.push_back({"", problem_code::invalid_definition,
                           "the document nests deeper than " + std::to_string(limit) + " levels", 0});
  return true;
}

}  // namespace

validation_report validate_definition(const json& submitted, const step_catalog& catalog) {
  validation_report report;
  if (!submitted.is_object()) {
    report.errors.push_back({"", problem_code::invalid_definition, "a workflow definition must be a JSON object", 0});
    return report;
  }
  if (refuse_deep(submitted, report)) return report;
  const bool react_flow = is_react_flow(submitted);
  report.canonical = react_flow ? react_flow_to_canonical(submitted) : submitted;
  catalog.check_definition(report.canonical, report.errors);

  workflow wf = parse_workflow(report.canonical);
  std::unordered_map<std::string, std::size_t> index;
  std::vector<const step_type_info*> types(wf.steps.size(), nullptr);
  for (std::size_t i = 0; i < wf.steps.size(); ++i) {
    step& s = wf.steps[i];
    const std::string base = "/steps/" + std::to_string(i);
    if (!s.id.empty()) {
      auto [it, fresh] = index.emplace(s.id, i);
      if (!fresh) {
        report.errors.push_back({base + "/id", problem_code::duplicate_step_id,
                                 "step id '" + s.id + "' is already used by /steps/" + std::to_string(it->second), 0});
      }
    }
    if (reserved_ids.count(s.id)) {
      report.errors.push_back({base + "/id", problem_code::reserved_step_id,
                               "'" + s.id + "' is reserved for the expression context", 0});
    }
    types[i] = s.type.empty() ? nullptr : catalog.find(s.type);
    if (!s.type.empty() && !types[i]) {
      report.errors.push_back({base + "/type", problem_code::unknown_step_type, "unknown step type '" + s.type + "'", 0});
    }
    if (types[i]) s.type = types[i]->type;  // aliases resolve to the canonical type
    if (s.id == "input" && types[i] && s.type != "input") {
      report.errors.push_back({base + "/id", problem_code::reserved_step_id,
                               "the id 'input' may only name a step of type input ($.input is the execution input)", 0});
    }
    // A config that is not an object is a schema error already; checking it as {} would
    // only add noise.
    const json& raw = report.canonical["steps"][i];
    const bool config_usable = !raw.is_object() || !raw.contains("config") || raw["config"].is_object();
    if (types[i] && config_usable) catalog.check_config(*types[i], s.config, base + "/config", report.errors);
  }

  check_links(wf, index, report);

  const graph g(wf);
  ancestry ancestors(g);
  for (std::size_t i = 0; i < wf.steps.size(); ++i) {
    if (!types[i]) continue;
    const std::string self = wf.steps[i].id;
    auto self_index = g.index_of(self);
    expression_checker checker(
        [&](const std::string& id) { return index.count(id) > 0; },
        [&](const std::string& id) {
          auto other = g.index_of(id);
          return !self_index || !other || ancestors.is_ancestor(*other, *self_index);
        },
        report);
    checker.check_config(*types[i], wf.steps[i].config, "/steps/" + std::to_string(i) + "/config");
  }

  std::set<graph::index> in_cycle;
  for (const auto& cycle : g.cycles()) {
    std::string names;
    for (auto v : cycle) {
      in_cycle.insert(v);
      names += (names.empty() ? "" : ", ") + g.id(v);
    }
    auto first = index.at(g.id(cycle.front()));
    report.errors.push_back({"/steps/" + std::to_string(first), problem_code::cycle,
                             "steps " + names + " form a cycle; only a loop step may close one", 0});
  }
  auto reachable = g.reachable();
  bool has_trigger = false;
  for (const auto* t : types) has_trigger |= t && t->trigger;
  for (graph::index v = 0; v < g.size(); ++v) {
    if (g.is_comment(v) || in_cycle.count(v) || g.loop_of(v)) continue;
    std::size_t i = index.at(g.id(v));
    if (!reachable[v]) {
      report.errors.push_back({"/steps/" + std::to_string(i), problem_code::unreachable_step,
                               "step '" + g.id(v) + "' cannot be reached from any entry step", 0});
    }
  }
  for (auto v : g.entries()) {
    std::size_t i = index.at(g.id(v));
    if (has_trigger && types[i] && !types[i]->trigger) {
      report.warnings.push_back({"/steps/" + std::to_string(i), problem_code::orphan_step,
                                 "step '" + g.id(v) + "' has no incoming link, so it starts on its own "
                                 "alongside the workflow's trigger",
                                 0});
    }
  }

  if (react_flow) {
    for (auto* list : {&report.errors, &report.warnings}) {
      for (auto& p : *list) p.pointer = react_flow_pointer(p.pointer);
    }
  }
  return report;
}

validation_report validate_step(const json& submitted, const std::vector<std::string>& available_steps,
                                const step_catalog& catalog) {
  validation_report report;
  if (!submitted.is_object()) {
    report.errors.push_back({"", problem_code::invalid_definition, "a step must be a JSON object", 0});
    return report;
  }
  if (refuse_deep(submitted, report)) return report;
  // An editor may send the step as a React Flow node (`data` instead of `config`).
  const bool node_form = submitted.contains("data") && !submitted.contains("config");
  const json doc = node_form ? react_flow_to_canonical(json{{"nodes", json::array({submitted})}})["steps"][0] : submitted;
  for (const char* key : {"id", "type"}) {
    if (!doc.contains(key) || !doc[key].is_string() || doc[key].get_ref<const std::string&>().empty()) {
      report.errors.push_back({std::string("/") + key, problem_code::invalid_definition,
                               std::string("a step needs a non-empty string '") + key + "'", 0});
    }
  }
  workflow wf;
  wf.steps.push_back(parse_workflow(json{{"steps", json::array({doc})}}).steps.front());
  step& s = wf.steps.front();
  const step_type_info* type = s.type.empty() ? nullptr : catalog.find(s.type);
  if (!s.type.empty() && !type) {
    report.errors.push_back({"/type", problem_code::unknown_step_type, "unknown step type '" + s.type + "'", 0});
  }
  if (reserved_ids.count(s.id)) {
    report.errors.push_back({"/id", problem_code::reserved_step_id, "'" + s.id + "' is reserved for the expression context", 0});
  }
  report.canonical = doc;
  if (!type) return report;
  s.type = type->type;
  if (doc.contains("config") && !doc["config"].is_object()) {
    report.errors.push_back({"/config", problem_code::invalid_config, "config must be an object", 0});
  }
  catalog.check_config(*type, s.config, "/config", report.errors);

  const std::unordered_set<std::string> available(available_steps.begin(), available_steps.end());
  if (!available.empty()) {
    for (const auto& l : declared_links(wf)) {
      if (!available.count(l.to)) {
        // declared_links points at /steps/0/...: strip that prefix for a single step.
        report.errors.push_back({l.pointer.substr(8), problem_code::dangling_reference,
                                 "'" + l.to + "' is not among the available steps", 0});
      }
    }
  }
  expression_checker checker(
      [&](const std::string& id) { return available.empty() || available.count(id) > 0 || id == s.id; },
      [](const std::string&) { return true; }, report);
  checker.check_config(*type, s.config, "/config");
  return report;
}

}  // namespace weft::core
