// Self-signed certificates for TLS tests, made with the openssl command (Debian's openssl
// package): a key and a certificate for the given subjectAltName, valid for a day.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "tests/support/shell.hpp"

namespace weft::testing {

struct certificate_files {
  std::string cert_file;
  std::string key_file;
};

/// Writes `<dir>/<name>.crt` and `.key`; `san` like "IP:127.0.0.1,DNS:localhost". Empty
/// paths when openssl failed.
inline certificate_files make_self_signed(const std::string& dir, const std::string& name, const std::string& san) {
  certificate_files f{dir + "/" + name + ".crt", dir + "/" + name + ".key"};
  const auto r = shell("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=" + name + " -addext subjectAltName=" +
                       san + " -keyout " + f.key_file + " -out " + f.cert_file + " 2>/dev/null");
  if (r.exit_code != 0) return {};
  return f;
}

/// Certificates a test process trusts — the first and third, through SSL_CERT_FILE, which
/// OpenSSL reads once, when the process's TLS client context is made (so every suite of a
/// process must share them): `trusted` names 127.0.0.1 and localhost, `untrusted` is not
/// trusted, `elsewhere` is trusted but names another host. Made on first use.
struct process_trust {
  std::string dir;
  certificate_files trusted, untrusted, elsewhere;
};

inline const process_trust& trusted_certificates() {
  static const process_trust trust = [] {
    process_trust t;
    t.dir = (std::filesystem::temp_directory_path() / ("weft_tls_" + std::to_string(::getpid()))).string();
    std::filesystem::create_directories(t.dir);
    t.trusted = make_self_signed(t.dir, "trusted", "IP:127.0.0.1,DNS:localhost");
    t.untrusted = make_self_signed(t.dir, "untrusted", "IP:127.0.0.1");
    t.elsewhere = make_self_signed(t.dir, "elsewhere", "DNS:elsewhere.example");
    (void)shell("cat " + t.trusted.cert_file + " " + t.elsewhere.cert_file + " > " + t.dir + "/trust.pem");
    ::setenv("SSL_CERT_FILE", (t.dir + "/trust.pem").c_str(), 1);
    static const std::string* const made = new std::string(t.dir);  // outlives static destruction
    std::atexit([] { std::filesystem::remove_all(*made); });
    return t;
  }();
  return trust;
}

}  // namespace weft::testing
