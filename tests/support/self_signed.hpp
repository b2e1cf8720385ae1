// Self-signed certificates for TLS tests, made with the openssl command (Debian's openssl
// package): a key and a certificate for the given subjectAltName, valid for a day.
#pragma once

#include <string>

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

}  // namespace weft::testing
