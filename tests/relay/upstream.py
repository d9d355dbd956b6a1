#!/usr/bin/env python3
"""A real SMTP server for the relay's tests: aiosmtpd with STARTTLS required, AUTH
(PLAIN and LOGIN with one user and password, XOAUTH2 with one token) and, with
--require-auth, MAIL refused until AUTH. Every accepted message is written to DIR as
NNNN.json ({"mail_from", "rcpt", "data_b64"}: the bytes exactly as received).

Prints "listening on PORT" once it accepts connections; runs until killed.
"""
import argparse
import base64
import json
import os
import signal
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--user", default="tanaka")
    ap.add_argument("--password", default="correct horse")
    ap.add_argument("--oauth-token", default="ya29.test-token")
    ap.add_argument("--require-auth", action="store_true")
    ap.add_argument("--discard", action="store_true", help="count messages, keep none (benchmarks)")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    class Handler:
        count = 0

        async def handle_DATA(self, server, session, envelope):
            Handler.count += 1
            if args.discard:
                return "250 2.0.0 Ok: discarded"
            path = os.path.join(args.dir, "%04d.json" % Handler.count)
            with open(path + ".tmp", "w") as f:
                json.dump(
                    {
                        "mail_from": envelope.mail_from,
                        "rcpt": envelope.rcpt_tos,
                        "data_b64": base64.b64encode(envelope.original_content).decode(),
                        "auth": session.authenticated,
                    },
                    f,
                )
            os.rename(path + ".tmp", path)
            return "250 2.0.0 Ok: queued as upstream-%d" % Handler.count

        async def auth_XOAUTH2(self, server, auth_args):
            if len(auth_args) > 1:
                blob = auth_args[1]
            else:
                blob = await server.challenge_auth("", encode_to_b64=False)
                if isinstance(blob, bytes):
                    blob = blob.decode()
            try:
                text = base64.b64decode(blob).decode()
            except Exception:
                return AuthResult(success=False, handled=False)
            fields = dict(
                f.split("=", 1) for f in text.split("\x01") if "=" in f
            )
            ok = fields.get("auth") == "Bearer " + args.oauth_token
            if not ok:
                await server.push('535 5.7.8 upstream says: token rejected')
                return AuthResult(success=False, handled=True)
            return AuthResult(success=True, auth_data=fields.get("user"))

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user = auth_data.login.decode()
            password = auth_data.password.decode()
            ok = user == args.user and password == args.password
            return AuthResult(success=ok, handled=False)
        return AuthResult(success=False, handled=False)

    context = None
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    # A free port: aiosmtpd's Controller checks readiness by connecting to its port.
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()

    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=port,
        server_hostname="upstream.test",
        tls_context=context,
        require_starttls=context is not None,
        authenticator=authenticator,
        auth_required=args.require_auth,
        auth_require_tls=context is not None,
        enable_SMTPUTF8=True,
        data_size_limit=200 * 1024 * 1024,
    )
    controller.start()
    print("listening on %d" % port, flush=True)
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
