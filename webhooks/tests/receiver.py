"""A real webhook receiver on loopback, as a partner would run one: it checks
every request's signature with the documented rule, refuses replays by
timestamp, remembers the event ids it has seen, and answers as scripted
(a receiver that is down answers 503)."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from webhooks import signing


@dataclass
class Received:
    event_id: str
    kind: str
    body: dict
    signature_ok: bool
    headers: dict


@dataclass
class Receiver:
    secret: str = ""
    answers: list[int] = field(default_factory=list)  # status codes to give, in order; then 200
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def accepted(self) -> list[Received]:
        return [r for r in self.received if r.signature_ok and r.headers.get("status") == "200"]

    def handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                ok = signing.verify(receiver.secret, self.headers.get(signing.HEADER, ""), body, now=int(time.time()))
                status = receiver.answers.pop(0) if receiver.answers else 200
                if not ok:
                    status = 400
                receiver.received.append(
                    Received(
                        event_id=self.headers.get("X-LEAD-Event-Id", ""),
                        kind=self.headers.get("X-LEAD-Event", ""),
                        body=json.loads(body or b"{}"),
                        signature_ok=ok,
                        headers={**dict(self.headers), "status": str(status)},
                    )
                )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        return Handler


def start(receiver: Receiver) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), receiver.handler())
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/lead-events"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
