// Walks the flat tree once per question; trees are small and bounded by limits::max_depth.
#include "core/expr/analysis.hpp"

#include "core/expr/ast.hpp"

namespace weft::core::expr {
namespace {

bool is_bool_literal(const node& n, bool& v) {
  if (n.kind != node_kind::literal || !n.value.is_boolean()) return false;
  v = n.value.get<bool>();
  return true;
}

// Primary expressions need no parentheses after a prefix '!'.
bool is_primary(const node& n) {
  switch (n.kind) {
    case node_kind::literal: case node_kind::root: case node_kind::member: case node_kind::index:
    case node_kind::array: case node_kind::object: case node_kind::call: return true;
    default: return false;
  }
}

}  // namespace

read_set reads(const expression& e) {
  const ast& t = e.tree();
  read_set out;
  std::vector<bool> consumed(t.nodes.size(), false);  // root nodes used as the base of a path
  for (std::uint32_t i = 0; i < t.nodes.size(); ++i) {
    const node& n = t.nodes[i];
    if ((n.kind != node_kind::member && n.kind != node_kind::index) || t.at(n.kids[0]).kind != node_kind::root) continue;
    consumed[n.kids[0]] = true;
    if (n.kind == node_kind::member) {
      out.roots.insert(n.name);
    } else if (const node& key = t.at(n.kids[1]); key.kind == node_kind::literal && key.value.is_string()) {
      out.roots.insert(key.value.get<std::string>());
    } else {
      out.dynamic = true;
    }
  }
  for (std::uint32_t i = 0; i < t.nodes.size(); ++i) {
    if (t.nodes[i].kind == node_kind::root && !consumed[i]) out.whole_context = true;
  }
  return out;
}

std::vector<lint_warning> lint(const expression& e) {
  const ast& t = e.tree();
  std::vector<lint_warning> out;
  for (std::uint32_t i = 0; i < t.nodes.size(); ++i) {
    const node& n = t.nodes[i];
    if (n.kind != node_kind::binary || (n.oper != op::eq && n.oper != op::ne)) continue;
    bool literal = false;
    std::uint32_t other = 0;
    if (is_bool_literal(t.at(n.kids[1]), literal)) {
      other = n.kids[0];
    } else if (is_bool_literal(t.at(n.kids[0]), literal)) {
      other = n.kids[1];
    } else {
      continue;
    }
    if (t.at(other).kind == node_kind::literal) continue;  // `true == false`: nothing to simplify to
    const bool keeps_truth = (n.oper == op::eq) == literal;  // x == true, x != false
    std::string operand = t.text_of(other);
    std::string suggestion = keeps_truth ? operand : is_primary(t.at(other)) ? "!" + operand : "!(" + operand + ")";
    std::string simplified_whole = suggestion;
    lint_warning w;
    w.code = "expression_simplification";
    w.suggestion = simplified_whole;
    w.message = "The expression '" + t.text_of(i) + "' could be simplified to '" + suggestion + "'";
    w.position = t.column_of(i);
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace weft::core::expr
