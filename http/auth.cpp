// cpp-jwt glue. decode() with verify(true) and algorithms({"HS256"}) refuses alg:none, other
// algorithms, bad signatures and expired tokens; the required claims are checked here.
#include "http/auth.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>
#include <random>
#include <unordered_map>

#include <jwt/jwt.hpp>

namespace weft::http {

namespace {

// header.payload.signature, each non-empty base64url (no padding) of a decodable length.
bool well_formed(std::string_view token) {
  std::size_t segments = 0;
  std::size_t length = 0;
  for (std::size_t i = 0; i <= token.size(); ++i) {
    if (i == token.size() || token[i] == '.') {
      if (length == 0 || length % 4 == 1) return false;
      ++segments;
      length = 0;
      continue;
    }
    const char c = token[i];
    const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!alphabet) return false;
    ++length;
  }
  return segments == 3;
}

// cpp-jwt reads exp, nbf and iat as unsigned integers while it verifies, signature or not: a
// number out of that range ("exp": 1e300 in a forged token) is undefined behaviour there
// (found by fuzz_jwt under UBSan). So the claims are read first, and such a token refused.
bool numeric_dates_in_range(std::string_view token) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  const std::string payload = jwt::base64_uri_decode(token.data() + first + 1, second - first - 1);
  const auto claims = nlohmann::json::parse(payload, nullptr, false);
  if (!claims.is_object()) return true;  // not a payload at all: cpp-jwt says so
  for (const char* name : {"exp", "nbf", "iat"}) {
    const auto it = claims.find(name);
    if (it == claims.end() || it->is_number_integer()) continue;
    if (!it->is_number_float()) return false;
    const double seconds = it->get<double>();
    if (!(seconds >= 0 && seconds < 1e18)) return false;  // also false for NaN
  }
  return true;
}

}  // namespace

bool principal::has_role(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

// Tokens that verified, by their full text (signature included: another token, forged or
// not, never matches one), with their principal and `exp`. Bounded: emptied when full.
struct authenticator::verified_tokens {
  static constexpr std::size_t capacity = 4096;
  struct entry {
    principal who;
    std::int64_t exp = 0;  // seconds since 1970
  };
  std::mutex mutex;
  std::unordered_map<std::string, entry> by_token;
};

authenticator::authenticator(std::string secret)
    : secret_(std::move(secret)), verified_(std::make_shared<verified_tokens>()) {}

std::optional<authenticator> authenticator::make(std::string secret, std::string& why) {
  if (secret.size() < 16) {
    why = "the JWT secret must be at least 16 bytes";
    return std::nullopt;
  }
  return authenticator(std::move(secret));
}

std::optional<principal> authenticator::verify(std::string_view token, std::string& why) const {
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  {
    std::lock_guard lock(verified_->mutex);
    if (auto it = verified_->by_token.find(std::string(token)); it != verified_->by_token.end()) {
      if (now < it->second.exp) return it->second.who;
      verified_->by_token.erase(it);  // expired: verified again below, and refused there
    }
  }
  std::int64_t exp = 0;
  std::optional<principal> who = verify_signed(token, why, exp);
  if (who && now < exp) {
    std::lock_guard lock(verified_->mutex);
    if (verified_->by_token.size() >= verified_tokens::capacity) verified_->by_token.clear();
    verified_->by_token.insert_or_assign(std::string(token), verified_tokens::entry{*who, exp});
  }
  return who;
}

std::optional<principal> authenticator::verify_signed(std::string_view token, std::string& why, std::int64_t& exp) const {
  using namespace jwt::params;
  if (token.empty()) {
    why = "missing bearer token";
    return std::nullopt;
  }
  if (token.size() > 8192) {
    why = "token too long";
    return std::nullopt;
  }
  if (!well_formed(token)) {
    // cpp-jwt's base64 decoder asserts (and reads out of bounds without asserts) on bytes
    // outside the alphabet, so nothing else reaches it.
    why = "malformed token: expected three base64url segments";
    return std::nullopt;
  }
  if (!numeric_dates_in_range(token)) {
    why = "malformed token: exp, nbf and iat must be numeric dates (seconds since 1970)";
    return std::nullopt;
  }
  std::error_code ec;
  jwt::jwt_object decoded;
  try {
    decoded = jwt::decode(jwt::string_view(token.data(), token.size()), algorithms({"HS256"}), ec, secret(secret_),
                          jwt::params::verify(true));
  } catch (const std::exception& e) {  // cpp-jwt throws on some malformed input despite ec
    why = std::string("malformed token: ") + e.what();
    return std::nullopt;
  }
  if (ec) {
    why = "invalid token: " + ec.message();
    return std::nullopt;
  }
  const auto& claims = decoded.payload().create_json_obj();
  auto str = [&](const char* k) -> const nlohmann::json* {
    auto it = claims.find(k);
    return it != claims.end() && it->is_string() && !it->get_ref<const std::string&>().empty() ? &*it : nullptr;
  };
  auto roles = claims.find("roles");
  auto exp_claim = claims.find("exp");
  if (!str("sub") || !str("tenant_id") || roles == claims.end() || !roles->is_array() || exp_claim == claims.end() ||
      !exp_claim->is_number()) {
    why = "the token must carry sub, tenant_id, roles (array) and exp";
    return std::nullopt;
  }
  // A whole number of seconds, below which the token is valid (cpp-jwt refuses it after).
  exp = exp_claim->is_number_integer() ? exp_claim->get<std::int64_t>()
                                       : static_cast<std::int64_t>(std::floor(exp_claim->get<double>()));
  principal p;
  p.user = claims["sub"].get<std::string>();
  p.tenant = claims["tenant_id"].get<std::string>();
  for (const auto& r : *roles) {
    if (!r.is_string()) {
      why = "roles must be strings";
      return std::nullopt;
    }
    p.roles.push_back(r.get<std::string>());
  }
  return p;
}

std::string authenticator::issue(const principal& who, std::chrono::seconds ttl) const {
  using namespace jwt::params;
  jwt::jwt_object token{algorithm("HS256"), secret(secret_)};
  token.add_claim("sub", who.user);
  token.add_claim("tenant_id", who.tenant);
  token.payload().add_claim("roles", who.roles);
  token.add_claim("iat", std::chrono::system_clock::now());
  token.add_claim("exp", std::chrono::system_clock::now() + ttl);
  return token.signature();
}

std::string random_secret() {
  std::random_device rd;  // /dev/urandom on Linux
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    auto byte = static_cast<unsigned>(rd() & 0xFF);
    out += hex[byte >> 4];
    out += hex[byte & 0xF];
  }
  return out;
}

}  // namespace weft::http
