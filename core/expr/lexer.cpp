// Hand-written lexer: one pass, byte offsets for every token, decoded string escapes.
#include "core/expr/lexer.hpp"

#include <cerrno>
#include <cstdlib>
#include <limits>

namespace weft::core::expr {
namespace {

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

error syntax_error(std::size_t offset, std::string message) {
  return error{errc::syntax, std::move(message), offset + 1};
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Reads 4 hex digits at `i`; -1 when they are not there.
long read_hex4(std::string_view s, std::size_t i) {
  if (i + 4 > s.size()) return -1;
  long v = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    char c = s[k];
    int d = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// Decodes a quoted string starting at s[start] (the quote); advances `i` past the closing quote.
result<std::string> read_string(std::string_view s, std::size_t start, std::size_t& i) {
  const char quote = s[start];
  std::string out;
  i = start + 1;
  while (i < s.size()) {
    char c = s[i];
    if (c == quote) {
      ++i;
      return out;
    }
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) break;
    char e = s[i + 1];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case '/': out += '/'; break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case 'u': {
        long cp = read_hex4(s, i + 2);
        if (cp < 0) return syntax_error(i, "invalid \\u escape: expected four hex digits");
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {  // high surrogate: a low one must follow
          long lo = (i + 3 < s.size() && s[i + 2] == '\\' && s[i + 3] == 'u') ? read_hex4(s, i + 4) : -1;
          if (lo < 0xDC00 || lo > 0xDFFF) return syntax_error(i - 4, "unpaired UTF-16 surrogate in \\u escape");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return syntax_error(i - 4, "unpaired UTF-16 surrogate in \\u escape");
        }
        append_utf8(out, static_cast<std::uint32_t>(cp));
        break;
      }
      default:
        return syntax_error(i, std::string("unknown escape '\\") + e + "'");
    }
    i += 2;
  }
  return syntax_error(start, "unterminated string");
}

}  // namespace

result<std::vector<token>> tokenize(std::string_view s) {
  std::vector<token> out;
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    token t;
    t.offset = static_cast<std::uint32_t>(i);
    if (i >= s.size()) {
      out.push_back(std::move(t));
      return out;
    }
    const char c = s[i];
    if (is_digit(c)) {
      std::size_t j = i;
      while (j < s.size() && is_digit(s[j])) ++j;
      bool real = false;
      if (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) {
        real = true;
        ++j;
        while (j < s.size() && is_digit(s[j])) ++j;
      }
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k >= s.size() || !is_digit(s[k])) return syntax_error(j, "malformed number exponent");
        while (k < s.size() && is_digit(s[k])) ++k;
        real = true;
        j = k;
      }
      if (j < s.size() && is_ident_start(s[j])) return syntax_error(j, "unexpected character after number");
      std::string text(s.substr(i, j - i));
      if (!real) {
        errno = 0;
        long long v = std::strtoll(text.c_str(), nullptr, 10);
        if (errno == ERANGE) {
          real = true;  // too large for 64 bits: keep it as a double
        } else {
          t.kind = token_kind::integer;
          t.integer = v;
        }
      }
      if (real) {
        t.kind = token_kind::real;
        t.real = std::strtod(text.c_str(), nullptr);
      }
      t.text = std::move(text);
      i = j;
    } else if (c == '\'' || c == '"') {
      auto str = read_string(s, i, i);
      if (!str) return str.err();
      t.kind = token_kind::string;
      t.text = std::move(str).value();
    } else if (is_ident_start(c)) {
      std::size_t j = i;
      while (j < s.size() && is_ident_char(s[j])) ++j;
      t.kind = token_kind::identifier;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else if (c == '$') {
      t.kind = token_kind::dollar;
      t.text = "$";
      ++i;
    } else {
      static constexpr std::string_view two_char_ops[] = {"==", "!=", "<=", ">=", "&&", "||"};
      std::string_view two = s.substr(i, 2);
      bool matched = false;
      for (auto op : two_char_ops) {
        if (two == op) {
          t.kind = token_kind::op;
          t.text = std::string(op);
          i += 2;
          matched = true;
          break;
        }
      }
      if (!matched) {
        switch (c) {
          case '<': case '>': case '!': case '+': case '-': case '*': case '/': case '%':
            t.kind = token_kind::op;
            break;
          case '.': case ',': case ':': case '?': case '(': case ')': case '[': case ']': case '{': case '}':
            t.kind = token_kind::punct;
            break;
          case '=':
            return syntax_error(i, "unexpected '=': use '==' to compare");
          case '&':
            return syntax_error(i, "unexpected '&': use '&&'");
          case '|':
            return syntax_error(i, "unexpected '|': use '||'");
          default: {
            unsigned char u = static_cast<unsigned char>(c);
            static constexpr char hex[] = "0123456789abcdef";
            std::string shown = (u >= 0x20 && u < 0x7F) ? std::string(1, c)
                                                         : std::string("\\x") + hex[u >> 4] + hex[u & 0xF];
            return syntax_error(i, "unexpected character '" + shown + "'");
          }
        }
        t.text = std::string(1, c);
        ++i;
      }
    }
    out.push_back(std::move(t));
  }
}

}  // namespace weft::core::expr
