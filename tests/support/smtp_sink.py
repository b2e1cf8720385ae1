"""A local SMTP server for the sendEmail tests, on Debian's python3-aiosmtpd.

Listens on 127.0.0.1 at a port the OS chooses and prints it as the first line
({"port": N}), then one JSON line per accepted message: envelope, content, whether
the session was on TLS and who logged in. Options: --cert/--key enable STARTTLS
(and --implicit-tls makes it TLS from the first byte), --require-tls refuses mail
before STARTTLS, --user/--password require that login (--user '*': any user with that password), --reject ADDRESS refuses
that recipient, --silent accepts connections and never answers.
"""
import argparse
import asyncio
import json
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, reject):
        self.reject = reject

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.reject:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        print(json.dumps({
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "content": envelope.original_content.decode("utf-8", "replace"),
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "login": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
        }), flush=True)
        return "250 2.0.0 accepted"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--require-tls", action="store_true")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--reject")
    p.add_argument("--silent", action="store_true")
    a = p.parse_args()

    context = None
    if a.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.cert, a.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and a.user in ("*", auth_data.login.decode()) and auth_data.password.decode() == a.password
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    def factory():
        kwargs = {}
        if context and not a.implicit_tls:
            kwargs["tls_context"] = context
            kwargs["require_starttls"] = a.require_tls
        if a.user:
            kwargs["authenticator"] = authenticator
            kwargs["auth_required"] = True
            kwargs["auth_require_tls"] = bool(context)
        return SMTP(Handler(a.reject), hostname="sink.local", **kwargs)

    async def silent(reader, writer):
        await asyncio.sleep(3600)

    async def serve():
        loop = asyncio.get_running_loop()
        if a.silent:
            server = await asyncio.start_server(silent, "127.0.0.1", 0)
        else:
            server = await loop.create_server(factory, "127.0.0.1", 0, ssl=context if a.implicit_tls else None)
        print(json.dumps({"port": server.sockets[0].getsockname()[1]}), flush=True)
        await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    sys.exit(main())
