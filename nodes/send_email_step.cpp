#include "nodes/send_email_step.hpp"

#include <ctime>

#include "core/expr/value_ops.hpp"
#include "nodes/base64.hpp"
#include "nodes/smtp_client.hpp"

namespace weft::nodes {
namespace {

using json = nlohmann::json;

constexpr std::int64_t default_timeout_ms = 30'000;
constexpr std::size_t max_recipients = 100;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

bool has_line_break(const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; }

// "Ana <ana@example.com>" or "ana@example.com" -> the address; "" when it is not one.
std::string address_of(const std::string& mailbox) {
  std::string a = trim(mailbox);
  if (auto open = a.rfind('<'); open != std::string::npos) {
    const auto close = a.find('>', open);
    if (close == std::string::npos) return "";
    a = a.substr(open + 1, close - open - 1);
  }
  const auto at = a.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == a.size() || a.size() > 254) return "";
  for (unsigned char c : a) {
    if (c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == 127) return "";
  }
  return a;
}

// A header value: ASCII as is, anything else as an RFC 2047 encoded word.
std::string header_text(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 128) return "=?UTF-8?B?" + base64(s) + "?=";
  }
  return s;
}

std::string rfc5322_date(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

// A rendered field as text ("" for null).
bool text_field(const json& config, const char* name, const step_context& ctx, std::string& out, step_result& err) {
  json v;
  if (!render_field(config.value(name, json("")), ctx, name, v, err)) return false;
  out = v.is_null() ? "" : core::expr::display_string(v);
  return true;
}

// Splits a list of mailboxes on commas; false with the bad one in `bad`.
bool mailboxes(const std::string& list, std::vector<std::string>& shown, std::vector<std::string>& addresses, std::string& bad) {
  std::string current;
  bool quoted = false;
  auto take = [&] {
    const std::string m = trim(current);
    current.clear();
    if (m.empty()) return true;
    const std::string a = address_of(m);
    if (a.empty()) {
      bad = m;
      return false;
    }
    shown.push_back(m);
    addresses.push_back(a);
    return true;
  };
  for (char c : list) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      if (!take()) return false;
    } else {
      current += c;
    }
  }
  return take();
}

}  // namespace

step_result run_send_email(const step_context& ctx, const std::string& idempotency_key) {
  const json& config = ctx.step->config;
  step_result err;
  std::string from, to, cc, subject, body;
  if (!text_field(config, "from", ctx, from, err) || !text_field(config, "to", ctx, to, err) ||
      !text_field(config, "cc", ctx, cc, err) || !text_field(config, "subject", ctx, subject, err) ||
      !text_field(config, "body", ctx, body, err)) {
    return err;
  }
  // A line break in a header would let data write headers of its own.
  const std::pair<const char*, const std::string*> headers[] = {{"from", &from}, {"to", &to}, {"cc", &cc}, {"subject", &subject}};
  for (const auto& [name, value] : headers) {
    if (has_line_break(*value)) return step_failure("invalid_input", std::string(name) + " must not contain a line break", {{"field", name}});
  }
  const std::string sender = address_of(from);
  if (sender.empty()) return step_failure("invalid_input", "from is not an email address: '" + from.substr(0, 200) + "'", {{"field", "from"}});
  std::vector<std::string> to_shown, cc_shown, recipients;
  std::string bad;
  if (!mailboxes(to, to_shown, recipients, bad) || !mailboxes(cc, cc_shown, recipients, bad)) {
    return step_failure("invalid_input", "not an email address: '" + bad.substr(0, 200) + "'", {{"address", bad.substr(0, 200)}});
  }
  if (to_shown.empty()) return step_failure("invalid_input", "to names no recipient", {{"field", "to"}});
  if (recipients.size() > max_recipients) {
    return step_failure("invalid_input", "more than " + std::to_string(max_recipients) + " recipients");
  }

  const json smtp = config.value("smtp", json::object());
  smtp_server server;
  json host;
  if (!render_field(smtp.value("host", json("")), ctx, "smtp.host", host, err)) return err;
  server.host = host.is_string() ? host.get<std::string>() : "";
  server.tls = smtp.value("tls", "starttls");
  json port = smtp.value("port", json(server.tls == "tls" ? 465 : 587));
  if (port.is_string() && !render_field(port, ctx, "smtp.port", port, err)) return err;
  server.port = core::expr::display_string(port);
  if (server.port.empty() || server.port.size() > 5 ||
      server.port.find_first_not_of("0123456789") != std::string::npos) {
    return step_failure("invalid_input", "smtp.port is not a port number: '" + server.port.substr(0, 32) + "'");
  }
  server.timeout_ms = smtp.value("timeout_ms", default_timeout_ms);
  server.username = smtp.value("username", "");
  if (const std::string secret = smtp.value("password_secret", ""); !secret.empty() && !tenant_secret(ctx, secret, server.password, err)) {
    return err;
  }

  const std::string message_id = "<" + idempotency_key + "@weft>";
  std::string message;
  message += "From: " + header_text(from) + "\r\n";
  message += "To: " + header_text(to) + "\r\n";
  if (!cc_shown.empty()) message += "Cc: " + header_text(cc) + "\r\n";
  message += "Subject: " + header_text(subject) + "\r\n";
  message += "Date: " + rfc5322_date(ctx.now_ms) + "\r\n";
  message += "Message-ID: " + message_id + "\r\n";
  message += "MIME-Version: 1.0\r\n";
  message += std::string("Content-Type: ") + (config.value("html", false) ? "text/html" : "text/plain") + "; charset=utf-8\r\n";
  message += "Content-Transfer-Encoding: base64\r\n\r\n";
  const std::string encoded = base64(body);
  for (std::size_t i = 0; i < encoded.size(); i += 76) message += encoded.substr(i, 76) + "\r\n";

  const smtp_outcome sent = send_mail(server, {sender, recipients, message});
  if (!sent.ok) {
    return step_failure("external_service_error", "sending the email through " + server.host + ":" + server.port + " failed: " + sent.detail,
                        {{"cause", sent.cause}, {"reply_code", sent.reply_code}, {"server", server.host + ":" + server.port}});
  }
  step_result r;
  r.output = {{"sent", true}, {"message_id", message_id}, {"recipients", recipients}};
  return r;
}

}  // namespace weft::nodes
