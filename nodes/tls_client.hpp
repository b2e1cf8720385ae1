// The one TLS client context of the process, shared by the steps that speak TLS (http,
// sendEmail): peers are verified against OpenSSL's default trust (SSL_CERT_FILE and
// SSL_CERT_DIR add private CAs). Loading the CA bundle takes milliseconds; OpenSSL lets
// every connection share one context. Include only from .cpp files (it brings in Asio).
#pragma once

#include <boost/asio/ssl/context.hpp>

namespace weft::nodes {

[[nodiscard]] boost::asio::ssl::context& tls_client_context();

}  // namespace weft::nodes
