#include "nodes/tls_client.hpp"

namespace weft::nodes {

boost::asio::ssl::context& tls_client_context() {
  static boost::asio::ssl::context ctx = [] {
    boost::asio::ssl::context c(boost::asio::ssl::context::tls_client);
    c.set_default_verify_paths();
    c.set_verify_mode(boost::asio::ssl::verify_peer);
    return c;
  }();
  return ctx;
}

}  // namespace weft::nodes
