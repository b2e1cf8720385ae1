// Pratt parser. Binding powers, lowest first: ?: , ||, &&, == !=, < <= > >= in, + -, * / %,
// prefix ! -, postfix . [] (). Every node records its source span for errors and lint.
#include "core/expr/parser.hpp"

#include <algorithm>

#include "core/expr/lexer.hpp"

namespace weft::core::expr {
namespace {

struct infix_power {
  int left = -1;   // -1: not an infix operator
  int right = -1;
};

infix_power infix_power_of(const token& t) {
  if (t.kind == token_kind::punct && t.text == "?") return {2, 2};  // right-associative
  if (t.kind == token_kind::identifier && t.text == "in") return {9, 10};
  if (t.kind != token_kind::op) return {};
  const std::string& s = t.text;
  if (s == "||") return {3, 4};
  if (s == "&&") return {5, 6};
  if (s == "==" || s == "!=") return {7, 8};
  if (s == "<" || s == "<=" || s == ">" || s == ">=") return {9, 10};
  if (s == "+" || s == "-") return {11, 12};
  if (s == "*" || s == "/" || s == "%") return {13, 14};
  return {};
}

op binary_op_of(const std::string& s) {
  if (s == "==") return op::eq;
  if (s == "!=") return op::ne;
  if (s == "<") return op::lt;
  if (s == "<=") return op::le;
  if (s == ">") return op::gt;
  if (s == ">=") return op::ge;
  if (s == "+") return op::add;
  if (s == "-") return op::sub;
  if (s == "*") return op::mul;
  if (s == "/") return op::div;
  if (s == "%") return op::mod;
  if (s == "in") return op::in;
  return op::none;
}

constexpr int prefix_power = 15;

class parser {
 public:
  parser(std::vector<token> tokens, const limits& lim, ast& tree)
      : tokens_(std::move(tokens)), lim_(lim), tree_(tree) {}

  result<std::uint32_t> parse_all() {
    auto root = expression(0, 0);
    if (!root) return root;
    if (peek().kind != token_kind::end) return fail(peek(), "unexpected " + describe(peek()) + " after the expression");
    return root;
  }

 private:
  using node_result = result<std::uint32_t>;

  const token& peek() const { return tokens_[pos_]; }
  const token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

  static std::string describe(const token& t) {
    switch (t.kind) {
      case token_kind::end: return "end of expression";
      case token_kind::string: return "string";
      case token_kind::integer:
      case token_kind::real: return "number '" + t.text + "'";
      default: return "'" + t.text + "'";
    }
  }

  error fail(const token& t, std::string message) const {
    return error{errc::syntax, std::move(message), tree_.origin + t.offset + 1};
  }

  bool accept_punct(std::string_view p) {
    if (peek().kind == token_kind::punct && peek().text == p) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::uint32_t add(node n, std::uint32_t begin, std::uint32_t end) {
    n.begin = begin;
    n.end = end;
    tree_.nodes.push_back(std::move(n));
    return static_cast<std::uint32_t>(tree_.nodes.size() - 1);
  }

  // Adds a node with children and checks the depth of the resulting tree.
  node_result add_with_kids(node n, std::vector<std::uint32_t> kids, std::uint32_t begin, std::uint32_t end) {
    std::size_t depth = 1;
    for (auto k : kids) depth = std::max(depth, depth_[k] + 1);
    if (depth > lim_.max_depth) return too_deep(begin);
    n.kids = std::move(kids);
    auto id = add(std::move(n), begin, end);
    depth_.resize(tree_.nodes.size(), 1);
    depth_[id] = depth;
    return id;
  }

  node_result leaf(node n, std::uint32_t begin, std::uint32_t end) {
    auto id = add(std::move(n), begin, end);
    depth_.resize(tree_.nodes.size(), 1);
    return id;
  }

  error too_deep(std::uint32_t offset) const {
    return error{errc::too_deep,
                 "expression nests too deeply (limit " + std::to_string(lim_.max_depth) + ")",
                 tree_.origin + offset + 1};
  }

  std::uint32_t end_of_previous() const { return pos_ == 0 ? 0 : token_end(tokens_[pos_ - 1]); }

  std::uint32_t token_end(const token& t) const {
    // Strings are decoded, so their source length is found from the next token's start
    // at worst; for spans we only need "end of the previous token", which we store.
    return ends_[&t - tokens_.data()];
  }

 public:
  // Records where each token ends in the source (needs the raw source).
  void compute_ends(std::string_view source) {
    ends_.resize(tokens_.size());
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      std::uint32_t e = tokens_[i].offset;
      if (tokens_[i].kind == token_kind::string) {
        // Find the closing quote by rescanning, honouring escapes.
        char q = source[e];
        std::size_t j = e + 1;
        while (j < source.size() && source[j] != q) j += (source[j] == '\\') ? 2 : 1;
        e = static_cast<std::uint32_t>(std::min(j + 1, source.size()));
      } else {
        e += static_cast<std::uint32_t>(tokens_[i].text.size());
      }
      ends_[i] = e;
    }
  }

 private:
  node_result expression(int min_power, std::size_t depth) {
    if (depth > lim_.max_depth) return too_deep(peek().offset);
    auto lhs = prefix(depth);
    if (!lhs) return lhs;
    std::uint32_t left = lhs.value();
    while (true) {
      const token& t = peek();
      auto power = infix_power_of(t);
      if (power.left < 0 || power.left < min_power) break;
      next();
      if (t.kind == token_kind::punct) {  // ternary
        auto then_branch = expression(0, depth + 1);
        if (!then_branch) return then_branch;
        if (!accept_punct(":")) return fail(peek(), "expected ':' in conditional expression, found " + describe(peek()));
        auto else_branch = expression(power.right, depth + 1);
        if (!else_branch) return else_branch;
        node n;
        n.kind = node_kind::ternary;
        auto made = add_with_kids(std::move(n), {left, then_branch.value(), else_branch.value()},
                                  tree_.nodes[left].begin, end_of_previous());
        if (!made) return made;
        left = made.value();
        continue;
      }
      auto rhs = expression(power.right, depth + 1);
      if (!rhs) return rhs;
      node n;
      if (t.text == "&&") {
        n.kind = node_kind::logical_and;
      } else if (t.text == "||") {
        n.kind = node_kind::logical_or;
      } else {
        n.kind = node_kind::binary;
        n.oper = binary_op_of(t.text);
      }
      auto made = add_with_kids(std::move(n), {left, rhs.value()}, tree_.nodes[left].begin, end_of_previous());
      if (!made) return made;
      left = made.value();
    }
    return left;
  }

  node_result prefix(std::size_t depth) {
    const token& t = peek();
    if (t.kind == token_kind::op && (t.text == "!" || t.text == "-")) {
      next();
      auto operand = expression(prefix_power, depth + 1);
      if (!operand) return operand;
      node n;
      n.kind = node_kind::unary;
      n.oper = t.text == "!" ? op::logical_not : op::neg;
      return add_with_kids(std::move(n), {operand.value()}, t.offset, end_of_previous());
    }
    if (t.kind == token_kind::op && t.text == "+") return fail(t, "unary '+' is not supported");
    auto primary_node = primary(depth);
    if (!primary_node) return primary_node;
    return postfix(primary_node.value(), depth);
  }

  node_result postfix(std::uint32_t target, std::size_t depth) {
    while (true) {
      const token& t = peek();
      if (t.kind != token_kind::punct) return target;
      if (t.text == ".") {
        next();
        const token& name = peek();
        if (name.kind != token_kind::identifier) return fail(name, "expected a field name after '.', found " + describe(name) + " (use ['...'] for other keys)");
        next();
        node n;
        n.kind = node_kind::member;
        n.name = name.text;
        auto made = add_with_kids(std::move(n), {target}, tree_.nodes[target].begin, end_of_previous());
        if (!made) return made;
        target = made.value();
      } else if (t.text == "[") {
        next();
        auto index = expression(0, depth + 1);
        if (!index) return index;
        if (!accept_punct("]")) return fail(peek(), "expected ']', found " + describe(peek()));
        node n;
        n.kind = node_kind::index;
        auto made = add_with_kids(std::move(n), {target, index.value()}, tree_.nodes[target].begin, end_of_previous());
        if (!made) return made;
        target = made.value();
      } else {
        return target;
      }
    }
  }

  node_result primary(std::size_t depth) {
    const token t = next();
    node n;
    switch (t.kind) {
      case token_kind::integer:
        n.value = t.integer;
        return leaf(std::move(n), t.offset, end_of_previous());
      case token_kind::real:
        n.value = t.real;
        return leaf(std::move(n), t.offset, end_of_previous());
      case token_kind::string:
        n.value = t.text;
        return leaf(std::move(n), t.offset, end_of_previous());
      case token_kind::dollar:
        n.kind = node_kind::root;
        return leaf(std::move(n), t.offset, end_of_previous());
      case token_kind::identifier:
        return identifier(t, depth);
      case token_kind::punct:
        if (t.text == "(") {
          auto inner = expression(0, depth + 1);
          if (!inner) return inner;
          if (!accept_punct(")")) return fail(peek(), "expected ')', found " + describe(peek()));
          return inner;
        }
        if (t.text == "[") return array_literal(t, depth);
        if (t.text == "{") return object_literal(t, depth);
        break;
      case token_kind::end:
        return fail(t, pos_ <= 1 ? "empty expression" : "unexpected end of expression");
      default:
        break;
    }
    return fail(t, "unexpected " + describe(t));
  }

  node_result identifier(const token& t, std::size_t depth) {
    node n;
    if (t.text == "true" || t.text == "false") {
      n.value = t.text == "true";
      return leaf(std::move(n), t.offset, end_of_previous());
    }
    if (t.text == "null") {
      n.value = nullptr;
      return leaf(std::move(n), t.offset, end_of_previous());
    }
    if (!(peek().kind == token_kind::punct && peek().text == "(")) {
      return fail(t, "unknown name '" + t.text + "': paths start with $ (did you mean $." + t.text + "?)");
    }
    n.kind = node_kind::call;
    n.fn = function_named(t.text);
    n.name = t.text;
    if (n.fn == function::none) return error{errc::unknown_function, "unknown function '" + t.text + "'", tree_.origin + t.offset + 1};
    next();  // (
    std::vector<std::uint32_t> args;
    if (!accept_punct(")")) {
      while (true) {
        auto arg = expression(0, depth + 1);
        if (!arg) return arg;
        args.push_back(arg.value());
        if (accept_punct(")")) break;
        if (!accept_punct(",")) return fail(peek(), "expected ',' or ')' in call of " + t.text + ", found " + describe(peek()));
      }
    }
    if (auto bad = check_arity(n.fn, args.size()); !bad.empty()) {
      return error{errc::arity, t.text + "() " + bad, tree_.origin + t.offset + 1};
    }
    if (n.fn == function::matches && args.size() == 2 && tree_.nodes[args[1]].kind == node_kind::literal &&
        tree_.nodes[args[1]].value.is_string()) {
      const std::string& pattern = tree_.nodes[args[1]].value.get_ref<const std::string&>();
      if (pattern.size() > lim_.max_regex_bytes) {
        return error{errc::bad_regex, "regular expression longer than " + std::to_string(lim_.max_regex_bytes) + " bytes",
                     tree_.origin + tree_.nodes[args[1]].begin + 1};
      }
      std::string why;
      n.regex = compile_regex(pattern, why);
      if (!n.regex) return error{errc::bad_regex, "invalid regular expression: " + why, tree_.origin + tree_.nodes[args[1]].begin + 1};
    }
    return add_with_kids(std::move(n), std::move(args), t.offset, end_of_previous());
  }

  static std::string check_arity(function fn, std::size_t n) {
    auto exactly = [n](std::size_t k) -> std::string {
      return n == k ? "" : "takes " + std::to_string(k) + " argument" + (k == 1 ? "" : "s") + ", got " + std::to_string(n);
    };
    switch (fn) {
      case function::now: return exactly(0);
      case function::contains:
      case function::starts_with:
      case function::ends_with:
      case function::matches: return exactly(2);
      case function::coalesce: return n >= 1 ? "" : "takes at least 1 argument, got 0";
      default: return exactly(1);
    }
  }

  node_result array_literal(const token& open, std::size_t depth) {
    std::vector<std::uint32_t> items;
    if (!accept_punct("]")) {
      while (true) {
        auto item = expression(0, depth + 1);
        if (!item) return item;
        items.push_back(item.value());
        if (accept_punct("]")) break;
        if (!accept_punct(",")) return fail(peek(), "expected ',' or ']' in array, found " + describe(peek()));
      }
    }
    node n;
    n.kind = node_kind::array;
    return add_with_kids(std::move(n), std::move(items), open.offset, end_of_previous());
  }

  node_result object_literal(const token& open, std::size_t depth) {
    node n;
    n.kind = node_kind::object;
    std::vector<std::uint32_t> values;
    if (!accept_punct("}")) {
      while (true) {
        const token key = next();
        if (key.kind != token_kind::identifier && key.kind != token_kind::string) {
          return fail(key, "expected a key (name or string) in object, found " + describe(key));
        }
        if (!accept_punct(":")) return fail(peek(), "expected ':' after object key, found " + describe(peek()));
        auto value = expression(0, depth + 1);
        if (!value) return value;
        n.keys.push_back(key.text);
        values.push_back(value.value());
        if (accept_punct("}")) break;
        if (!accept_punct(",")) return fail(peek(), "expected ',' or '}' in object, found " + describe(peek()));
      }
    }
    return add_with_kids(std::move(n), std::move(values), open.offset, end_of_previous());
  }

  std::vector<token> tokens_;
  std::vector<std::uint32_t> ends_;
  std::vector<std::size_t> depth_;
  std::size_t pos_ = 0;
  const limits& lim_;
  ast& tree_;
};

}  // namespace

result<ast> parse(std::string_view source, const limits& lim, std::uint32_t origin) {
  if (source.size() > lim.max_source_bytes) {
    return error{errc::too_long,
                 "expression is " + std::to_string(source.size()) + " bytes long (limit " +
                     std::to_string(lim.max_source_bytes) + ")",
                 origin + lim.max_source_bytes + 1};
  }
  ast tree;
  tree.source = std::string(source);
  tree.origin = origin;
  auto tokens = tokenize(source);
  if (!tokens) {
    error e = tokens.err();
    e.position += origin;
    return e;
  }
  parser p(std::move(tokens).value(), lim, tree);
  p.compute_ends(source);
  auto root = p.parse_all();
  if (!root) return root.err();
  tree.root = root.value();
  return tree;
}

}  // namespace weft::core::expr
