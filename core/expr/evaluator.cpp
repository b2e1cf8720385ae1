// Tree-walking evaluator. Values read from the context are borrowed, not copied, until an
// operator builds a new one; every node visit counts against the step budget.
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include <re2/re2.h>

#include "core/expr/ast.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/parser.hpp"
#include "core/expr/value_ops.hpp"

namespace weft::core::expr {
namespace {

using json = nlohmann::json;

const json& null_json() {
  static const json n;
  return n;
}

// A value that either borrows from the context or the tree, or owns what it computed.
class value {
 public:
  void borrow(const json& j) noexcept { ref_ = &j; }
  void own(json j) {
    own_ = std::move(j);
    ref_ = nullptr;
  }
  [[nodiscard]] const json& get() const noexcept { return ref_ ? *ref_ : own_; }
  [[nodiscard]] json take() { return ref_ ? *ref_ : std::move(own_); }
  [[nodiscard]] bool owned() const noexcept { return ref_ == nullptr; }
  json& owned_json() noexcept { return own_; }

 private:
  const json* ref_ = nullptr;
  json own_;
};

bool is_integer(const json& v) { return v.is_number_integer(); }  // int or unsigned

// Reads an integer operand; false when it does not fit int64 (huge unsigned values).
bool as_int64(const json& v, std::int64_t& out) {
  if (v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
    out = static_cast<std::int64_t>(u);
    return true;
  }
  out = v.get<std::int64_t>();
  return true;
}

double as_double(const json& v) { return v.get<double>(); }

// Reads an array index from an integer or integral float.
bool as_index(const json& v, std::int64_t& out) {
  if (is_integer(v)) return as_int64(v, out);
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::floor(d) != d || std::abs(d) > 9e15) return false;
    out = static_cast<std::int64_t>(d);
    return true;
  }
  return false;
}

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Strict decimal number syntax: [-+]?digits[.digits][(e|E)[-+]?digits], nothing else.
bool parse_decimal(const std::string& s, json& out) {
  std::size_t i = 0, n = s.size();
  if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t digits_start = i;
  while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  bool integral = true;
  if (i == digits_start) return false;
  if (i < n && s[i] == '.') {
    integral = false;
    std::size_t f = ++i;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == f) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    integral = false;
    ++i;
    if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t e = i;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == e) return false;
  }
  if (i != n) return false;
  if (integral) {
    errno = 0;
    long long v = std::strtoll(s.c_str(), nullptr, 10);
    if (errno != ERANGE) {
      out = static_cast<std::int64_t>(v);
      return true;
    }
  }
  double d = std::strtod(s.c_str(), nullptr);
  if (!std::isfinite(d)) return false;
  out = d;
  return true;
}

class evaluator {
 public:
  evaluator(const ast& tree, const json& context, const eval_options& options)
      : tree_(tree), context_(context), options_(options) {}

  result<json> run() {
    value out;
    if (!eval(tree_.root, out)) return err_;
    return out.take();
  }

 private:
  bool fail(std::uint32_t at, const char* code, std::string message) {
    err_ = error{code, std::move(message), tree_.column_of(at)};
    return false;
  }

  bool type_error(std::uint32_t at, const std::string& what, const json& a) {
    return fail(at, errc::type_mismatch, what + " cannot take " + type_name(a));
  }
  bool type_error(std::uint32_t at, const std::string& what, const json& a, const json& b) {
    return fail(at, errc::type_mismatch,
                what + " cannot take " + type_name(a) + " and " + type_name(b));
  }

  bool check_size(std::uint32_t at, std::size_t bytes) {
    if (bytes <= options_.bounds.max_string_bytes) return true;
    return fail(at, errc::too_large, "string of " + std::to_string(bytes) + " bytes exceeds the limit of " +
                                         std::to_string(options_.bounds.max_string_bytes));
  }
  bool check_string(std::uint32_t at, const std::string& s) { return check_size(at, s.size()); }
  bool check_elements(std::uint32_t at, std::size_t n) {
    if (n <= options_.bounds.max_elements) return true;
    return fail(at, errc::too_large, "collection of " + std::to_string(n) + " elements exceeds the limit of " +
                                         std::to_string(options_.bounds.max_elements));
  }

  bool eval(std::uint32_t id, value& out) {
    if (++steps_ > options_.bounds.max_steps) {
      return fail(id, errc::too_costly,
                  "evaluation took more than " + std::to_string(options_.bounds.max_steps) + " steps");
    }
    const node& n = tree_.at(id);
    switch (n.kind) {
      case node_kind::literal: out.borrow(n.value); return true;
      case node_kind::root: out.borrow(context_); return true;
      case node_kind::member: return member(n, out);
      case node_kind::index: return index(n, out);
      case node_kind::array: return array(id, n, out);
      case node_kind::object: return object(id, n, out);
      case node_kind::unary: return unary(id, n, out);
      case node_kind::binary: return binary(id, n, out);
      case node_kind::logical_and:
      case node_kind::logical_or: {
        value left;
        if (!eval(n.kids[0], left)) return false;
        bool l = truthy(left.get());
        if ((n.kind == node_kind::logical_and) != l) {
          out.own(l);
          return true;
        }
        value right;
        if (!eval(n.kids[1], right)) return false;
        out.own(truthy(right.get()));
        return true;
      }
      case node_kind::ternary: {
        value cond;
        if (!eval(n.kids[0], cond)) return false;
        return eval(truthy(cond.get()) ? n.kids[1] : n.kids[2], out);
      }
      case node_kind::call: return call(id, n, out);
    }
    return fail(id, errc::syntax, "unknown node");
  }

  // Paths never fail: a missing field or index reads as null.
  static void step_into(value& target, const json* found) {
    if (target.owned()) {
      json picked = found ? json(std::move(*const_cast<json*>(found))) : json();
      target.own(std::move(picked));
    } else {
      target.borrow(found ? *found : null_json());
    }
  }

  bool member(const node& n, value& out) {
    if (!eval(n.kids[0], out)) return false;
    const json& obj = out.get();
    const json* found = nullptr;
    if (obj.is_object()) {
      auto it = obj.find(n.name);
      if (it != obj.end()) found = &*it;
    }
    step_into(out, found);
    return true;
  }

  bool index(const node& n, value& out) {
    value key;
    if (!eval(n.kids[0], out) || !eval(n.kids[1], key)) return false;
    const json& target = out.get();
    const json& k = key.get();
    const json* found = nullptr;
    std::int64_t i = 0;
    if (target.is_array() && as_index(k, i)) {
      auto size = static_cast<std::int64_t>(target.size());
      if (i < 0) i += size;
      if (i >= 0 && i < size) found = &target[static_cast<std::size_t>(i)];
    } else if (target.is_object() && k.is_string()) {
      auto it = target.find(k.get_ref<const std::string&>());
      if (it != target.end()) found = &*it;
    }
    step_into(out, found);
    return true;
  }

  bool array(std::uint32_t id, const node& n, value& out) {
    if (!check_elements(id, n.kids.size())) return false;
    json arr = json::array();
    for (auto k : n.kids) {
      value item;
      if (!eval(k, item)) return false;
      arr.push_back(item.take());
    }
    out.own(std::move(arr));
    return true;
  }

  bool object(std::uint32_t id, const node& n, value& out) {
    if (!check_elements(id, n.kids.size())) return false;
    json obj = json::object();
    for (std::size_t i = 0; i < n.kids.size(); ++i) {
      value item;
      if (!eval(n.kids[i], item)) return false;
      obj[n.keys[i]] = item.take();
    }
    out.own(std::move(obj));
    return true;
  }

  bool unary(std::uint32_t id, const node& n, value& out) {
    value operand;
    if (!eval(n.kids[0], operand)) return false;
    const json& v = operand.get();
    if (n.oper == op::logical_not) {
      out.own(!truthy(v));
      return true;
    }
    std::int64_t i = 0;
    if (is_integer(v) && as_int64(v, i) && i != std::numeric_limits<std::int64_t>::min()) {
      out.own(-i);
      return true;
    }
    if (v.is_number()) {
      out.own(-as_double(v));
      return true;
    }
    return type_error(id, "unary '-'", v);
  }

  bool finite(std::uint32_t id, double d, value& out) {
    if (!std::isfinite(d)) return fail(id, errc::type_mismatch, "arithmetic result is not a finite number");
    out.own(d);
    return true;
  }

  bool arithmetic(std::uint32_t id, op o, const json& a, const json& b, value& out) {
    static constexpr const char* names[] = {"", "", "", "", "", "", "", "'+'", "'-'", "'*'", "'/'", "'%'"};
    const char* name = names[static_cast<int>(o)];
    if (!a.is_number() || !b.is_number()) return type_error(id, name, a, b);
    std::int64_t x = 0, y = 0;
    bool ints = is_integer(a) && is_integer(b) && as_int64(a, x) && as_int64(b, y);
    if ((o == op::div || o == op::mod) && (ints ? y == 0 : as_double(b) == 0.0)) {
      return fail(id, errc::division_by_zero, std::string(o == op::div ? "division" : "remainder") + " by zero");
    }
    if (ints) {
      std::int64_t r = 0;
      switch (o) {
        case op::add: if (!__builtin_add_overflow(x, y, &r)) { out.own(r); return true; } break;
        case op::sub: if (!__builtin_sub_overflow(x, y, &r)) { out.own(r); return true; } break;
        case op::mul: if (!__builtin_mul_overflow(x, y, &r)) { out.own(r); return true; } break;
        case op::div:
          if (!(x == std::numeric_limits<std::int64_t>::min() && y == -1) && x % y == 0) {
            out.own(x / y);
            return true;
          }
          break;
        case op::mod:
          if (y == -1) { out.own(std::int64_t{0}); return true; }
          out.own(x % y);
          return true;
        default: break;
      }
    }
    double p = as_double(a), q = as_double(b);
    switch (o) {
      case op::add: return finite(id, p + q, out);
      case op::sub: return finite(id, p - q, out);
      case op::mul: return finite(id, p * q, out);
      case op::div: return finite(id, p / q, out);
      case op::mod: return finite(id, std::fmod(p, q), out);
      default: return fail(id, errc::type_mismatch, "not an arithmetic operator");
    }
  }

  bool add(std::uint32_t id, value& left, value& right, value& out) {
    const json& a = left.get();
    const json& b = right.get();
    if (a.is_string() || b.is_string()) {
      // Refuse before building when both sides are strings already too long together.
      if (a.is_string() && b.is_string()) {
        std::size_t n = a.get_ref<const std::string&>().size() + b.get_ref<const std::string&>().size();
        if (!check_size(id, n)) return false;
      }
      std::string s = display_string(a) + display_string(b);
      if (!check_string(id, s)) return false;
      out.own(std::move(s));
      return true;
    }
    if (a.is_array() && b.is_array()) {
      if (!check_elements(id, a.size() + b.size())) return false;
      json joined = left.take();
      for (const auto& item : b) joined.push_back(item);
      out.own(std::move(joined));
      return true;
    }
    if (a.is_object() && b.is_object()) {
      if (!check_elements(id, a.size() + b.size())) return false;
      json merged = left.take();
      for (const auto& [k, v] : right.get().items()) merged[k] = v;
      out.own(std::move(merged));
      return true;
    }
    return arithmetic(id, op::add, a, b, out);
  }

  bool compare(std::uint32_t id, op o, const json& a, const json& b, value& out) {
    int c = 0;
    if (a.is_number() && b.is_number()) {
      std::int64_t x = 0, y = 0;
      if (is_integer(a) && is_integer(b) && as_int64(a, x) && as_int64(b, y)) {
        c = (x > y) - (x < y);
      } else {
        double p = as_double(a), q = as_double(b);
        c = (p > q) - (p < q);
      }
    } else if (a.is_string() && b.is_string()) {
      c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
      c = (c > 0) - (c < 0);
    } else {
      static constexpr const char* names[] = {"", "", "", "'<'", "'<='", "'>'", "'>='"};
      return type_error(id, names[static_cast<int>(o)], a, b);
    }
    bool r = o == op::lt ? c < 0 : o == op::le ? c <= 0 : o == op::gt ? c > 0 : c >= 0;
    out.own(r);
    return true;
  }

  bool contains(std::uint32_t id, const char* what, const json& haystack, const json& needle, value& out) {
    if (haystack.is_null()) {
      out.own(false);
      return true;
    }
    if (haystack.is_array()) {
      bool found = false;
      for (const auto& item : haystack) {
        if (item == needle) {
          found = true;
          break;
        }
      }
      out.own(found);
      return true;
    }
    if (haystack.is_string() && needle.is_string()) {
      out.own(haystack.get_ref<const std::string&>().find(needle.get_ref<const std::string&>()) != std::string::npos);
      return true;
    }
    if (haystack.is_object() && needle.is_string()) {
      out.own(haystack.contains(needle.get_ref<const std::string&>()));
      return true;
    }
    return type_error(id, what, haystack, needle);
  }

  bool binary(std::uint32_t id, const node& n, value& out) {
    value left, right;
    if (!eval(n.kids[0], left) || !eval(n.kids[1], right)) return false;
    const json& a = left.get();
    const json& b = right.get();
    switch (n.oper) {
      case op::eq: out.own(a == b); return true;
      case op::ne: out.own(a != b); return true;
      case op::lt: case op::le: case op::gt: case op::ge: return compare(id, n.oper, a, b, out);
      case op::add: return add(id, left, right, out);
      case op::sub: case op::mul: case op::div: case op::mod: return arithmetic(id, n.oper, a, b, out);
      case op::in: return contains(id, "'in'", b, a, out);
      default: return fail(id, errc::syntax, "unknown operator");
    }
  }

  bool string_arg(std::uint32_t id, const node& n, const json& v) {
    if (v.is_string()) return true;
    return type_error(id, n.name + "()", v);
  }

  bool call(std::uint32_t id, const node& n, value& out) {
    if (n.fn == function::coalesce) {  // lazy: stops at the first non-null argument
      for (auto k : n.kids) {
        if (!eval(k, out)) return false;
        if (!out.get().is_null()) return true;
      }
      out.own(nullptr);
      return true;
    }
    if (n.fn == function::now) {
      out.own(iso_timestamp(options_.now_ms >= 0 ? options_.now_ms : system_now_ms()));
      return true;
    }
    value a;
    if (!eval(n.kids[0], a)) return false;
    const json& v = a.get();
    switch (n.fn) {
      case function::len:
        if (v.is_string()) out.own(static_cast<std::int64_t>(utf8_length(v.get_ref<const std::string&>())));
        else if (v.is_array() || v.is_object()) out.own(static_cast<std::int64_t>(v.size()));
        else if (v.is_null()) out.own(std::int64_t{0});
        else return type_error(id, "len()", v);
        return true;
      case function::lower:
      case function::upper: {
        if (!string_arg(id, n, v)) return false;
        std::string s = v.get<std::string>();
        for (char& c : s) {
          if (n.fn == function::lower && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
          if (n.fn == function::upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
        out.own(std::move(s));
        return true;
      }
      case function::trim: {
        if (!string_arg(id, n, v)) return false;
        const std::string& s = v.get_ref<const std::string&>();
        std::size_t b = 0, e = s.size();
        while (b < e && is_space(s[b])) ++b;
        while (e > b && is_space(s[e - 1])) --e;
        out.own(s.substr(b, e - b));
        return true;
      }
      case function::number: {
        if (v.is_number()) {
          out = std::move(a);
          return true;
        }
        if (v.is_boolean()) {
          out.own(v.get<bool>() ? 1 : 0);
          return true;
        }
        if (v.is_string()) {
          const std::string& raw = v.get_ref<const std::string&>();
          std::size_t b = 0, e = raw.size();
          while (b < e && is_space(raw[b])) ++b;
          while (e > b && is_space(raw[e - 1])) --e;
          json parsed;
          if (parse_decimal(raw.substr(b, e - b), parsed)) {
            out.own(std::move(parsed));
            return true;
          }
          std::string shown = raw.size() > 40 ? raw.substr(0, 40) + "..." : raw;
          return fail(id, errc::bad_number, "number() cannot read '" + shown + "' as a number");
        }
        return type_error(id, "number()", v);
      }
      case function::string: {
        std::string s = display_string(v);
        if (!check_string(id, s)) return false;
        out.own(std::move(s));
        return true;
      }
      case function::boolean: out.own(truthy(v)); return true;
      case function::keys:
      case function::values: {
        if (v.is_null()) {
          out.own(json::array());
          return true;
        }
        if (!v.is_object()) return type_error(id, n.name + "()", v);
        json arr = json::array();
        for (const auto& [k, item] : v.items()) {
          if (n.fn == function::keys) arr.push_back(k);
          else arr.push_back(item);
        }
        out.own(std::move(arr));
        return true;
      }
      default: break;
    }
    // Two-argument functions.
    value b;
    if (!eval(n.kids[1], b)) return false;
    const json& w = b.get();
    switch (n.fn) {
      case function::contains: return contains(id, "contains()", v, w, out);
      case function::starts_with:
      case function::ends_with: {
        if (!v.is_string() || !w.is_string()) return type_error(id, n.name + "()", v, w);
        const std::string& s = v.get_ref<const std::string&>();
        const std::string& p = w.get_ref<const std::string&>();
        bool r = p.size() <= s.size() &&
                 (n.fn == function::starts_with ? s.compare(0, p.size(), p) == 0
                                                : s.compare(s.size() - p.size(), p.size(), p) == 0);
        out.own(r);
        return true;
      }
      case function::matches: {
        if (!v.is_string() || !w.is_string()) return type_error(id, "matches()", v, w);
        std::shared_ptr<const re2::RE2> re = n.regex;
        if (!re) {
          const std::string& pattern = w.get_ref<const std::string&>();
          if (pattern.size() > options_.bounds.max_regex_bytes) {
            return fail(n.kids[1], errc::bad_regex, "regular expression longer than " +
                                                         std::to_string(options_.bounds.max_regex_bytes) + " bytes");
          }
          std::string why;
          re = compile_regex(pattern, why);
          if (!re) return fail(n.kids[1], errc::bad_regex, "invalid regular expression: " + why);
        }
        out.own(re2::RE2::PartialMatch(v.get_ref<const std::string&>(), *re));
        return true;
      }
      default: break;
    }
    return fail(id, errc::unknown_function, "unknown function '" + n.name + "'");
  }

  const ast& tree_;
  const json& context_;
  const eval_options& options_;
  std::uint64_t steps_ = 0;
  error err_;
};

}  // namespace

function function_named(std::string_view name) {
  static constexpr std::pair<std::string_view, function> table[] = {
      {"len", function::len},           {"lower", function::lower},
      {"upper", function::upper},       {"trim", function::trim},
      {"contains", function::contains}, {"startsWith", function::starts_with},
      {"endsWith", function::ends_with}, {"matches", function::matches},
      {"number", function::number},     {"string", function::string},
      {"bool", function::boolean},      {"now", function::now},
      {"coalesce", function::coalesce}, {"keys", function::keys},
      {"values", function::values},
  };
  for (const auto& [n, f] : table) {
    if (n == name) return f;
  }
  return function::none;
}

std::shared_ptr<const re2::RE2> compile_regex(const std::string& pattern, std::string& why) {
  re2::RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(1 << 20);  // bounds the compiled program; RE2 matches in linear time
  auto re = std::make_shared<const re2::RE2>(pattern, opts);
  if (!re->ok()) {
    why = re->error();
    return nullptr;
  }
  return re;
}

result<expression> expression::compile(std::string_view source, const limits& bounds, std::uint32_t origin) {
  auto tree = parse(source, bounds, origin);
  if (!tree) return tree.err();
  return expression(std::make_shared<const ast>(std::move(tree).value()));
}

result<nlohmann::json> expression::evaluate(const nlohmann::json& context, const eval_options& options) const {
  try {
    return evaluator(*tree_, context, options).run();
  } catch (const std::exception& e) {  // allocation failure or a JSON library error: never past us
    return error{errc::too_large, std::string("evaluation failed: ") + e.what(), 0};
  }
}

const std::string& expression::source() const noexcept { return tree_->source; }

}  // namespace weft::core::expr
