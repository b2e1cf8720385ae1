// A small SMTP client (RFC 5321) for the sendEmail step: EHLO, STARTTLS (RFC 3207) or TLS
// from the first byte, AUTH PLAIN or LOGIN, MAIL FROM, RCPT TO, DATA with dot-stuffing,
// QUIT. One connection per mail; the whole dialogue runs within one deadline. TLS peers are
// verified like the http step's (nodes/tls_client.hpp), host name included.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace weft::nodes {

struct smtp_server {
  std::string host;
  std::string port = "587";
  std::string tls = "starttls";  // starttls (required) | tls (implicit, port 465) | none
  std::string username;          // empty: no AUTH
  std::string password;
  std::int64_t timeout_ms = 30'000;
};

struct smtp_mail {
  std::string from;                     // envelope sender (an address)
  std::vector<std::string> recipients;  // envelope recipients (addresses)
  std::string message;                  // RFC 5322 text, CRLF line ends
};

struct smtp_outcome {
  bool ok = false;
  /// When !ok: connection_error | tls_error | timeout | auth_failed | rejected | protocol_error
  std::string cause;
  std::string detail;  // what went wrong, with the server's reply when there was one
  int reply_code = 0;  // the last reply's code
};

[[nodiscard]] smtp_outcome send_mail(const smtp_server& server, const smtp_mail& mail);

}  // namespace weft::nodes
