// Bearer tokens from untrusted bytes, as every REST route and WebSocket upgrade receives them.
// First byte even: the rest is the token as sent. Odd: the rest is a JSON object of claims,
// signed with the server's secret (a token an attacker cannot forge, but whose claims are
// still checked: types, expiry, roles) and then verified.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <jwt/jwt.hpp>
#include <nlohmann/json.hpp>

#include "http/auth.hpp"

namespace {
constexpr const char* secret = "fuzzing-secret-of-32-bytes-long!";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto auth = [] {
    std::string why;
    return *weft::http::authenticator::make(secret, why);
  }();
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string token(rest);
  if (data[0] % 2 == 1) {
    auto claims = nlohmann::json::parse(rest, nullptr, false);
    if (claims.is_discarded() || !claims.is_object()) return 0;
    // cpp-jwt's signing reads these as integers itself (a float out of range is undefined
    // behaviour in the signer, not in what the server does); the raw path sends them forged.
    for (const char* name : {"exp", "nbf", "iat"}) {
      if (claims.contains(name) && !claims[name].is_number_integer()) return 0;
    }
    jwt::jwt_object signed_token{jwt::params::algorithm("HS256"), jwt::params::secret(secret)};
    for (auto& [name, value] : claims.items()) signed_token.payload().add_claim(name, value, true);
    try {
      token = signed_token.signature();
    } catch (const std::exception&) {
      return 0;  // cpp-jwt cannot sign it (e.g. text that is not UTF-8): nothing to verify
    }
  }
  std::string why;
  const auto who = auth.verify(token, why);
  if (who && (who->user.empty() || who->tenant.empty())) __builtin_trap();  // a principal names both
  if (!who && why.empty()) __builtin_trap();  // a refusal says why
  return 0;
}
