// JWT HS256 authentication (SPEC §6): verifies tokens and issues them. A token must carry
// `sub`, `tenant_id`, `roles` (array) and `exp`; `alg: none`, another algorithm, a bad
// signature or a past `exp` are refused. cpp-jwt stays in auth.cpp. Thread-safe: a token
// that verified is remembered until its `exp` (a client sends the same one with every
// request; checking its signature again cost ~10 % of an execute request).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::http {

struct principal {
  std::string user;    // sub
  std::string tenant;  // tenant_id
  std::vector<std::string> roles;

  [[nodiscard]] bool has_role(std::string_view role) const;
  /// Tenant admin (`admin` role).
  [[nodiscard]] bool is_admin() const { return has_role("admin"); }
};

class authenticator {
 public:
  /// `secret` must be at least 16 bytes (refused by make()).
  [[nodiscard]] static std::optional<authenticator> make(std::string secret, std::string& why);

  /// The principal of a valid token; nullopt with `why` set otherwise.
  [[nodiscard]] std::optional<principal> verify(std::string_view token, std::string& why) const;
  /// A signed token for `who`, valid for `ttl`.
  [[nodiscard]] std::string issue(const principal& who, std::chrono::seconds ttl) const;

 private:
  struct verified_tokens;
  explicit authenticator(std::string secret);
  [[nodiscard]] std::optional<principal> verify_signed(std::string_view token, std::string& why, std::int64_t& exp) const;

  std::string secret_;
  std::shared_ptr<verified_tokens> verified_;  // shared by copies of this authenticator
};

/// A random secret: 32 bytes from the OS, hex-encoded.
[[nodiscard]] std::string random_secret();

}  // namespace weft::http
