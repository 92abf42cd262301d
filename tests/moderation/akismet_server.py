"""A local HTTP server that speaks Akismet's REST protocol, for tests (never the internet).

It answers verify-key, comment-check, submit-spam and submit-ham on /1.1/ the way
rest.akismet.com documents them: comment-check says "true" for content containing
`spam_word`, "true" with the `X-akismet-pro-tip: discard` header for content containing
`blatant_word`, and "false" otherwise; a wrong key gets "invalid". Every request is kept
(`requests`: path, form fields, Host header). `delay` makes it answer late, `trickle`
makes it send its body a byte at a time, each byte `trickle` seconds apart.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

THANKS = "Thanks for making the web a better place."


@dataclass
class Received:
    path: str
    form: dict
    host: str


@dataclass
class FakeAkismet:
    key: str = "test-key"
    spam_word: str = "casino"
    blatant_word: str = "blatantspam"
    delay: float = 0.0
    trickle: float = 0.0
    requests: list = field(default_factory=list)

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {name: values[0] for name, values in parse_qs(self.rfile.read(length).decode()).items()}
                fake.requests.append(Received(self.path, form, self.headers.get("Host", "")))
                status, body, headers = fake.answer(self.path, form)
                if fake.delay:
                    time.sleep(fake.delay)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                for byte in body.encode():
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    if fake.trickle:
                        time.sleep(fake.trickle)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path, form):
        """(status, body, headers) for one request, as Akismet would give them."""
        operation = path.rstrip("/").rsplit("/", 1)[-1]
        if not path.endswith(f"/1.1/{operation}"):
            return 404, "", {}
        if operation == "verify-key":
            return 200, "valid" if form.get("key") == self.key else "invalid", {}
        if form.get("api_key") != self.key:
            return 200, "invalid", {}
        if operation == "comment-check":
            content = form.get("comment_content", "").lower()
            if self.blatant_word in content:
                return 200, "true", {"X-akismet-pro-tip": "discard"}
            return 200, "true" if self.spam_word in content else "false", {}
        if operation in ("submit-spam", "submit-ham"):
            return 200, THANKS, {}
        return 404, "", {}

    def received(self, operation):
        return [request for request in self.requests if request.path.endswith(f"/{operation}")]
