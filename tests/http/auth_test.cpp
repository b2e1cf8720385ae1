// JWT verification against forged, expired, incomplete and tampered tokens.
#include <thread>

#include <gtest/gtest.h>
#include <jwt/jwt.hpp>

#include "http/auth.hpp"
#include "tests/support/base64url.hpp"

namespace weft::http {
namespace {

const std::string secret_key = "test-secret-0123456789abcdef";

authenticator make_auth(const std::string& key = secret_key) {
  std::string why;
  auto a = authenticator::make(key, why);
  EXPECT_TRUE(a) << why;
  return *a;
}

using weft::testing::base64url;

// Signs arbitrary claims with HS256 and `key`, bypassing authenticator::issue.
std::string sign(const nlohmann::json& claims, const std::string& key = secret_key) {
  using namespace jwt::params;
  jwt::jwt_object token{algorithm("HS256"), secret(key)};
  for (const auto& [k, v] : claims.items()) token.payload().add_claim(k, v);
  return token.signature();
}

long long in_seconds(long long delta) {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() + delta;
}

TEST(auth, an_issued_token_verifies_to_its_principal) {
  auto auth = make_auth();
  std::string token = auth.issue({"ana", "acme", {"admin"}}, std::chrono::hours(1));
  std::string why;
  auto who = auth.verify(token, why);
  ASSERT_TRUE(who) << why;
  EXPECT_EQ(who->user, "ana");
  EXPECT_EQ(who->tenant, "acme");
  EXPECT_TRUE(who->is_admin());
  EXPECT_FALSE(who->has_role("operator"));
}

TEST(auth, short_secrets_are_refused) {
  std::string why;
  EXPECT_FALSE(authenticator::make("short", why));
  EXPECT_NE(why.find("16 bytes"), std::string::npos);
}

TEST(auth, a_token_signed_with_another_secret_is_refused) {
  std::string token = make_auth("another-secret-0123456789").issue({"ana", "acme", {}}, std::chrono::hours(1));
  std::string why;
  EXPECT_FALSE(make_auth().verify(token, why));
  EXPECT_FALSE(why.empty());
}

TEST(auth, alg_none_is_refused) {
  std::string header = base64url(R"({"alg":"none","typ":"JWT"})");
  std::string payload = base64url(nlohmann::json({{"sub", "ana"}, {"tenant_id", "acme"}, {"roles", {"admin"}},
                                                  {"exp", in_seconds(3600)}}).dump());
  std::string why;
  EXPECT_FALSE(make_auth().verify(header + "." + payload + ".", why));
  EXPECT_FALSE(make_auth().verify(header + "." + payload, why));
}

TEST(auth, other_algorithms_are_refused) {
  using namespace jwt::params;
  jwt::jwt_object token{algorithm("HS512"), secret(secret_key)};
  token.add_claim("sub", "ana");
  token.add_claim("tenant_id", "acme");
  token.payload().add_claim("roles", std::vector<std::string>{});
  token.add_claim("exp", std::chrono::system_clock::now() + std::chrono::hours(1));
  std::string why;
  EXPECT_FALSE(make_auth().verify(token.signature(), why));
}

TEST(auth, expired_tokens_are_refused) {
  std::string token = sign({{"sub", "ana"}, {"tenant_id", "acme"}, {"roles", nlohmann::json::array()}, {"exp", in_seconds(-60)}});
  std::string why;
  EXPECT_FALSE(make_auth().verify(token, why));
  EXPECT_NE(why.find("xpired"), std::string::npos) << why;
}

// A token that verified is remembered, but not past its exp, and not for another token.
TEST(auth, a_remembered_token_still_expires_and_a_tampered_copy_is_still_refused) {
  authenticator auth = make_auth();
  const long long exp = in_seconds(1);
  const std::string token = sign({{"sub", "ana"}, {"tenant_id", "acme"}, {"roles", {"admin"}}, {"exp", exp}});
  std::string why;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(auth.verify(token, why)) << why;  // verified, then remembered
  // The same payload under another signature: not the remembered token.
  std::string forged = token;
  char& c = forged[forged.rfind('.') + 5];  // inside the signature, not its last (partly padding) character
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(auth.verify(forged, why));
  // Once its exp has passed (a second away at most), the remembered token is refused too.
  while (in_seconds(0) < exp + 1) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(auth.verify(token, why));
  EXPECT_NE(why.find("xpired"), std::string::npos) << why;
}

TEST(auth, tokens_missing_a_claim_are_refused) {
  const nlohmann::json full = {{"sub", "ana"}, {"tenant_id", "acme"}, {"roles", {"admin"}}, {"exp", in_seconds(3600)}};
  for (const char* claim : {"sub", "tenant_id", "roles", "exp"}) {
    nlohmann::json claims = full;
    claims.erase(claim);
    std::string why;
    EXPECT_FALSE(make_auth().verify(sign(claims), why)) << "without " << claim;
  }
  nlohmann::json bad_roles = full;
  bad_roles["roles"] = "admin";
  std::string why;
  EXPECT_FALSE(make_auth().verify(sign(bad_roles), why));
  nlohmann::json empty_tenant = full;
  empty_tenant["tenant_id"] = "";
  EXPECT_FALSE(make_auth().verify(sign(empty_tenant), why));
  ASSERT_TRUE(make_auth().verify(sign(full), why)) << why;
}

TEST(auth, a_tampered_payload_breaks_the_signature) {
  auto auth = make_auth();
  std::string token = auth.issue({"ana", "acme", {}}, std::chrono::hours(1));
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  std::string forged_payload = base64url(nlohmann::json({{"sub", "ana"}, {"tenant_id", "globex"}, {"roles", {"admin"}},
                                                         {"exp", in_seconds(3600)}}).dump());
  std::string forged = token.substr(0, first + 1) + forged_payload + token.substr(second);
  std::string why;
  EXPECT_FALSE(auth.verify(forged, why));
}

// Found by fuzz_jwt: cpp-jwt converted a forged token's "exp": 1e300 to an unsigned integer
// before any check (undefined behaviour; the plain build answered "invalid token").
TEST(auth, numeric_dates_out_of_range_are_refused_before_they_are_read) {
  auto auth = make_auth();
  const nlohmann::json base = {{"sub", "ana"}, {"tenant_id", "acme"}, {"roles", nlohmann::json::array()}};
  const std::string header = base64url(R"({"alg":"HS256","typ":"JWT"})");
  for (const auto& [name, value] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"exp", 1e300}, {"exp", -1.5}, {"nbf", -1e300}, {"iat", "yesterday"}, {"exp", nlohmann::json::array()}}) {
    nlohmann::json claims = base;
    claims[name] = value;
    const std::string forged = header + "." + base64url(claims.dump()) + "." + base64url("not-a-signature-at-all-00000000");
    std::string why;
    EXPECT_FALSE(auth.verify(forged, why)) << name << " " << value;
    EXPECT_NE(why.find("numeric dates"), std::string::npos) << name << " " << value << ": " << why;
  }
  std::string why;
  nlohmann::json fractional = base;
  fractional["exp"] = static_cast<double>(in_seconds(3600)) + 0.5;  // RFC 7519 allows fractions
  EXPECT_TRUE(auth.verify(sign(fractional), why)) << why;
}

TEST(auth, garbage_is_refused_without_throwing) {
  auto auth = make_auth();
  for (const std::string& junk : {std::string(""), std::string("x"), std::string("a.b.c"), std::string("...."),
                                  std::string(10000, 'e'), std::string("eyJ\xff\xfe.eyJ.sig"), std::string("a.b.c.d"),
                                  std::string("abc=.abcd.abcd"), std::string("a+/b.abcd.abcd"), std::string("..abcd"),
                                  base64url("{") + "." + base64url("{") + ".x"}) {
    std::string why;
    EXPECT_FALSE(auth.verify(junk, why)) << junk.substr(0, 20);
    EXPECT_FALSE(why.empty());
  }
}

TEST(auth, random_secrets_are_long_and_different) {
  auto a = random_secret();
  auto b = random_secret();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace weft::http
