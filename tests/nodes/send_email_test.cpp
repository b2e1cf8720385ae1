// The sendEmail step against a real SMTP server (Debian's aiosmtpd, tests/support/smtp_sink.py):
// STARTTLS with a verified certificate, AUTH with the password from a tenant secret, the
// message as it arrives, and every way it can fail.
#include <gtest/gtest.h>

#include <openssl/evp.h>

#include "nodes/send_email_step.hpp"
#include "tests/support/self_signed.hpp"
#include "tests/support/smtp_sink.hpp"

namespace weft::nodes {
namespace {

using nlohmann::json;
using weft::testing::smtp_sink;

std::string decode_base64(std::string in) {
  in.erase(std::remove_if(in.begin(), in.end(), [](char c) { return c == '\r' || c == '\n'; }), in.end());
  std::string out(in.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return "";
  while (!in.empty() && in.back() == '=') {
    in.pop_back();
    --n;
  }
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// The body of a single-part message: what follows the blank line, base64-decoded.
std::string body_of(const std::string& content) {
  const auto blank = content.find("\r\n\r\n");
  return blank == std::string::npos ? "" : decode_base64(content.substr(blank + 4));
}

class send_email_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { certs_ = &weft::testing::trusted_certificates(); }

  step_result run(json config) {
    step_ = core::parse_workflow(json{{"steps", {{{"id", "mail"}, {"type", "sendEmail"}, {"config", std::move(config)}}}}}).steps.front();
    env_.secret = [this](const std::string& tenant, const std::string& name) -> std::optional<std::string> {
      if (tenant == "acme" && name == "smtp_password") return password_;
      return std::nullopt;
    };
    step_context ctx;
    ctx.step = &step_;
    ctx.context = &context_;
    ctx.now_ms = 1'795'420'800'000;  // 2026-11-23T08:00:00Z
    ctx.tenant = "acme";
    ctx.env = &env_;
    return run_send_email(ctx, "ex_1:mail");
  }
  std::vector<std::string> tls_sink_options(std::vector<std::string> more = {}) const {
    std::vector<std::string> o = {"--cert", certs_->trusted.cert_file, "--key", certs_->trusted.key_file, "--require-tls",
                                  "--user", "weft", "--password", "s3cret pass"};
    o.insert(o.end(), more.begin(), more.end());
    return o;
  }
  json mail(std::uint16_t port, json smtp_extra = json::object()) const {
    json smtp = {{"host", "127.0.0.1"}, {"port", port}, {"username", "weft"}, {"password_secret", "smtp_password"}, {"timeout_ms", 5000}};
    smtp.update(smtp_extra);
    return {{"from", "Weft Reports <reports@weft.test>"},
            {"to", "{{ $.input.name }} <{{ $.input.email }}>, ops@weft.test"},
            {"subject", "Report for {{ $.input.name }}"},
            {"body", "Total: {{ $.input.total }}\n.\nend"},
            {"smtp", smtp}};
  }

  static inline const weft::testing::process_trust* certs_ = nullptr;
  json context_ = {{"input", {{"name", "Ana"}, {"email", "ana@example.com"}, {"total", 42}}}, {"execution", {{"id", "ex_1"}}}};
  core::step step_;
  step_environment env_;
  std::string password_ = "s3cret pass";
};

TEST_F(send_email_test, sends_over_starttls_with_auth_and_the_message_arrives_whole) {
  ASSERT_FALSE(certs_->trusted.cert_file.empty()) << "openssl could not make a certificate";
  smtp_sink sink(tls_sink_options());
  ASSERT_NE(sink.port(), 0) << "the SMTP sink did not start (python3-aiosmtpd)";
  step_result r = run(mail(sink.port()));
  ASSERT_TRUE(r.ok) << r.error.dump();
  EXPECT_EQ(r.output["sent"], true);
  EXPECT_EQ(r.output["message_id"], "<ex_1:mail@weft>");
  EXPECT_EQ(r.output["recipients"], json({"ana@example.com", "ops@weft.test"}));

  const json got = sink.next_message();
  ASSERT_TRUE(got.is_object()) << "no message arrived";
  EXPECT_EQ(got["tls"], true);
  EXPECT_EQ(got["login"], "weft");
  EXPECT_EQ(got["mail_from"], "reports@weft.test");
  EXPECT_EQ(got["rcpt_tos"], json({"ana@example.com", "ops@weft.test"}));
  const std::string content = got["content"];
  EXPECT_NE(content.find("Subject: Report for Ana\r\n"), std::string::npos) << content;
  EXPECT_NE(content.find("To: Ana <ana@example.com>, ops@weft.test\r\n"), std::string::npos) << content;
  EXPECT_NE(content.find("Message-ID: <ex_1:mail@weft>\r\n"), std::string::npos) << content;
  EXPECT_NE(content.find("Date: Mon, 23 Nov 2026 08:00:00 +0000\r\n"), std::string::npos) << content;
  EXPECT_EQ(body_of(content), "Total: 42\n.\nend") << "a line of one dot survives";
}

TEST_F(send_email_test, non_ascii_subjects_are_encoded_words) {
  smtp_sink sink(tls_sink_options());
  ASSERT_NE(sink.port(), 0);
  json config = mail(sink.port());
  config["subject"] = "Grüße, {{ $.input.name }} ✓";
  config["html"] = true;
  config["body"] = "<p>Größe: {{ $.input.total }}</p>";
  ASSERT_TRUE(run(config).ok);
  const std::string content = sink.next_message()["content"];
  EXPECT_NE(content.find("Subject: =?UTF-8?B?"), std::string::npos) << content;
  EXPECT_NE(content.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_EQ(body_of(content), "<p>Größe: 42</p>");
}

TEST_F(send_email_test, a_wrong_password_is_an_external_service_error_saying_auth_failed) {
  smtp_sink sink(tls_sink_options());
  ASSERT_NE(sink.port(), 0);
  password_ = "wrong";
  step_result r = run(mail(sink.port()));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error["code"], "external_service_error");
  EXPECT_EQ(r.error["details"]["cause"], "auth_failed");
  EXPECT_EQ(r.error["details"]["reply_code"], 535);
  EXPECT_EQ(r.error.dump().find("wrong"), std::string::npos) << "the password is nowhere in the error";
}

TEST_F(send_email_test, a_refused_recipient_fails_with_the_servers_reply) {
  smtp_sink sink(tls_sink_options({"--reject", "ops@weft.test"}));
  ASSERT_NE(sink.port(), 0);
  step_result r = run(mail(sink.port()));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error["details"]["cause"], "rejected");
  EXPECT_EQ(r.error["details"]["reply_code"], 550);
  EXPECT_NE(r.error["message"].get<std::string>().find("no such mailbox"), std::string::npos) << r.error.dump();
}

TEST_F(send_email_test, a_server_without_starttls_is_refused_unless_tls_is_off) {
  smtp_sink plain;  // no certificate: no STARTTLS, no login
  ASSERT_NE(plain.port(), 0);
  json config = mail(plain.port());
  config["smtp"].erase("username");
  config["smtp"].erase("password_secret");
  step_result r = run(config);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error["details"]["cause"], "tls_error");
  config["smtp"]["tls"] = "none";
  ASSERT_TRUE(run(config).ok);
  EXPECT_EQ(plain.next_message()["tls"], false);
}

TEST_F(send_email_test, an_untrusted_certificate_is_a_tls_error) {
  smtp_sink sink({"--cert", certs_->untrusted.cert_file, "--key", certs_->untrusted.key_file, "--require-tls"});
  ASSERT_NE(sink.port(), 0);
  json config = mail(sink.port());
  config["smtp"].erase("username");
  step_result r = run(config);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error["details"]["cause"], "tls_error") << r.error.dump();
}

TEST_F(send_email_test, implicit_tls_works_too) {
  smtp_sink sink({"--cert", certs_->trusted.cert_file, "--key", certs_->trusted.key_file, "--implicit-tls"});
  ASSERT_NE(sink.port(), 0);
  json config = mail(sink.port(), {{"tls", "tls"}});
  config["smtp"].erase("username");
  step_result r = run(config);
  ASSERT_TRUE(r.ok) << r.error.dump();
  EXPECT_EQ(sink.next_message()["tls"], true);
}

TEST_F(send_email_test, a_silent_server_times_out_and_a_closed_port_cannot_be_reached) {
  smtp_sink silent({"--silent"});
  ASSERT_NE(silent.port(), 0);
  step_result r = run(mail(silent.port(), {{"timeout_ms", 300}}));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error["details"]["cause"], "timeout");
  r = run(mail(1));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error["details"]["cause"], "connection_error");
}

TEST_F(send_email_test, header_injection_and_bad_addresses_are_refused_before_connecting) {
  json config = mail(1);  // nothing listens there: these must fail first
  context_["input"]["name"] = "Ana\r\nBcc: victim@example.com";
  EXPECT_EQ(run(config).error["code"], "invalid_input");
  context_["input"]["name"] = "Ana";
  context_["input"]["email"] = "not-an-address";
  EXPECT_EQ(run(config).error["code"], "invalid_input");
  context_["input"]["email"] = "ana@example.com";
  config["from"] = "nobody";
  EXPECT_EQ(run(config).error["code"], "invalid_input");
}

TEST_F(send_email_test, a_missing_password_secret_is_named) {
  json config = mail(1, {{"password_secret", "nope"}});
  step_result r = run(config);
  EXPECT_EQ(r.error["code"], "secret_not_found");
  EXPECT_EQ(r.error["details"]["secret"], "nope");
}

}  // namespace
}  // namespace weft::nodes
