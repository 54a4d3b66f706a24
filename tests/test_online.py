"""Online checks against a real HTTP server on 127.0.0.1; not one packet leaves loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from artlint.online import Checker, Refused, check_address

FAKE_DNS = {"metadata.test": "169.254.169.254", "intranet.test": "10.0.0.1", "site.test": "127.0.0.1", "other.test": "127.0.0.2"}


class Handler(BaseHTTPRequestHandler):
    retried: ClassVar[dict[str, int]] = {}

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", headers.get("Content-Length", str(len(body))))
        self.end_headers()
        if self.command == "GET" and body:
            self.wfile.write(body)

    def route(self) -> None:
        port = self.server.server_address[1]
        path = self.path
        png = {"Content-Type": "image/png"}
        if path == "/ok.png":
            self._send(200, png, b"\x89PNG")
        elif path == "/missing.png":
            self._send(404, {"Content-Type": "text/html"})
        elif path == "/error.png":
            self._send(500, {})
        elif path == "/moved.png":
            self._send(301, {"Location": "/ok.png"})
        elif path in ("/loop1", "/loop2"):
            self._send(302, {"Location": "/loop2" if path == "/loop1" else "/loop1"})
        elif path == "/page.html":
            self._send(200, {"Content-Type": "text/html; charset=utf-8"}, b"<p>hi</p>")
        elif path == "/slow.png":
            time.sleep(3)
            self._send(200, png, b"x")
        elif path == "/nohead.png":
            if self.command == "HEAD":
                self._send(405, {})
            else:
                self._send(206, png, b"\x89")
        elif path == "/huge.png":
            if self.command == "HEAD":
                self._send(405, {})
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            try:
                for _ in range(50 * 16):
                    self.wfile.write(b"\0" * 65536)
            except OSError:
                pass  # the client stopped reading, as it should
        elif path == "/to-metadata":
            self._send(302, {"Location": "http://metadata.test/latest/meta-data/"})
        elif path == "/to-intranet":
            self._send(302, {"Location": "http://intranet.test/"})
        elif path == "/to-other-loopback":
            self._send(302, {"Location": f"http://other.test:{port}/ok.png"})
        elif path == "/retry.png":
            n = Handler.retried.get(path, 0)
            Handler.retried[path] = n + 1
            if n == 0:
                self._send(429, {"Retry-After": "1"})
            else:
                self._send(200, png, b"x")
        else:
            self._send(404, {})

    def do_HEAD(self) -> None:
        self.route()

    def do_GET(self) -> None:
        self.route()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://site.test:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Test names resolve to chosen addresses; any connection off loopback fails the test."""
    real_getaddrinfo = socket.getaddrinfo
    attempts: list[str] = []

    def fake_getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> object:
        if host in FAKE_DNS:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (FAKE_DNS[host], port))]
        if host.endswith(".test") or host.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]

    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        attempts.append(str(host))
        if not str(host).startswith("127."):
            pytest.fail(f"a connection to {host} was attempted: only loopback is allowed in tests")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    return attempts


@pytest.fixture
def checker(tmp_path: Path) -> Checker:
    return Checker(timeout=1.0, allow=("127.0.0.1",), cache_dir=str(tmp_path / "cache"), ttl=3600)


@pytest.mark.parametrize(
    ("path", "image", "ok", "needle"),
    [
        ("/ok.png", True, True, "200 image/png"),
        ("/missing.png", True, False, "HTTP 404"),
        ("/error.png", True, False, "HTTP 500"),
        ("/moved.png", True, True, "200 image/png"),
        ("/loop1", True, False, "redirect loop"),
        ("/page.html", True, False, "not an image: Content-Type text/html"),
        ("/page.html", False, True, "200 text/html"),
        ("/slow.png", True, False, "no answer within 1 s"),
        ("/nohead.png", True, True, "206 image/png"),
        ("/retry.png", True, True, "200 image/png"),
        ("/to-metadata", True, False, "refused: 169.254.169.254 is a link-local address"),
        ("/to-intranet", True, False, "refused: 10.0.0.1 is a private address"),
        ("/to-other-loopback", True, False, "refused: 127.0.0.2 is a loopback address"),
    ],
)
def test_matrix(server: str, checker: Checker, path: str, image: bool, ok: bool, needle: str) -> None:
    outcome = checker.check(server + path, image)
    assert outcome.ok is ok and needle in outcome.message, outcome


def test_huge_body_is_not_read_whole(server: str, checker: Checker) -> None:
    start = time.perf_counter()
    outcome = checker.check(server + "/huge.png", True)
    assert outcome.ok and time.perf_counter() - start < 5


def test_forbidden_addresses_without_a_connection(loopback_only: list[str], checker: Checker) -> None:
    for url, needle in (
        ("http://metadata.test/latest/meta-data/", "link-local"),
        ("http://intranet.test/a.png", "private"),
        ("http://other.test/a.png", "loopback"),
        ("ftp://site.test/a.png", "scheme"),
        ("http://nowhere.invalid/a.png", "cannot resolve"),
    ):
        outcome = checker.check(url, True)
        assert not outcome.ok and needle in outcome.message
    assert loopback_only == []  # refused before any connection


def test_address_checks() -> None:
    for address in ("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "::1", "fe80::1", "224.0.0.1", "0.0.0.0", "::ffff:10.0.0.1", "100.64.0.1"):
        with pytest.raises(Refused):
            check_address("h", address, ())
    check_address("h", "93.184.216.34", ())
    check_address("intranet", "10.0.0.5", ("10.0.0.0/8",))
    check_address("intranet", "10.0.0.5", ("intranet",))


def test_successes_are_cached_and_errors_are_not(server: str, tmp_path: Path, loopback_only: list[str]) -> None:
    first = Checker(timeout=1.0, allow=("127.0.0.1",), cache_dir=str(tmp_path / "c"), ttl=3600)
    urls = [(server + "/ok.png", True), (server + "/missing.png", True)]
    results = first.check_all(urls)
    assert results[urls[0]].ok and not results[urls[1]].ok
    count = len(loopback_only)
    second = Checker(timeout=1.0, allow=("127.0.0.1",), cache_dir=str(tmp_path / "c"), ttl=3600)
    again = second.check_all(urls)
    assert again == results
    assert len(loopback_only) == count + 1  # only the failed URL was requested again
    expired = Checker(timeout=1.0, allow=("127.0.0.1",), cache_dir=str(tmp_path / "c"), ttl=0)
    expired.check_all(urls)
    assert len(loopback_only) == count + 3


def test_end_to_end_with_spans(server: str, tmp_path: Path) -> None:
    port = server.rsplit(":", 1)[1]
    base = f"http://127.0.0.1:{port}"
    (tmp_path / "a.md").write_text(
        f'---\ntitle: x\nmainImage: "{base}/ok.png"\nthumbnail: "{base}/missing.png"\n---\n\n'
        f'Read [this]({base}/page.html) and [that]({base}/error.png).\n\n<img src="{base}/page.html" alt="x"> <a href="http://10.0.0.1/">intranet</a>\n'
    )
    cmd = [sys.executable, "-m", "artlint", "check", "--format", "json", "--online", "--online-timeout", "2", "--allow-private-host", "127.0.0.1", "--select", "image-unreachable,link-unreachable", "."]
    result = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    items = [(i["rule"], i["line"], i["column"], i["message"].split(": ", 1)[1]) for i in json.loads(result.stdout)]
    lines = (tmp_path / "a.md").read_text().splitlines()

    def column(line: int, url: str) -> int:
        return lines[line - 1].index(url) + 1

    assert sorted(items) == sorted(
        [
            ("image-unreachable", 4, column(4, f'"{base}/missing.png"'), "HTTP 404"),
            ("link-unreachable", 7, column(7, f"{base}/error.png"), "HTTP 500"),
            ("image-unreachable", 9, column(9, f"{base}/page.html"), "not an image: Content-Type text/html"),
            ("link-unreachable", 9, column(9, "http://10.0.0.1/"), "refused: 10.0.0.1 is a private address"),
        ]
    )
    assert result.returncode == 1
    offline = subprocess.run(cmd[:6] + cmd[7:], cwd=tmp_path, capture_output=True, text=True, timeout=60)  # without --online
    assert json.loads(offline.stdout) == []


def test_only_the_command_line_grants_network_access(server: str, tmp_path: Path) -> None:
    """A pull request can change the configuration: its `online = true` and its private
    hosts are ignored, with a warning; `--online` turns the checks on, and the private
    hosts still come only from `--allow-private-host`."""
    port = server.rsplit(":", 1)[1]
    (tmp_path / ".git").mkdir()
    (tmp_path / "artlint.toml").write_text('online = true\nallow-private-hosts = ["127.0.0.0/8"]\n[rules.link-unreachable]\nonline = true\n')
    (tmp_path / "a.md").write_text(f"---\ntitle: x\n---\n\nRead [this](http://127.0.0.1:{port}/error.png).\n")
    cmd = [sys.executable, "-m", "artlint", "check", "--format", "json", "--no-cache", "--select", "link-unreachable", "."]
    offline = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert json.loads(offline.stdout) == [] and offline.returncode == 0
    warnings = offline.stderr.splitlines()
    assert warnings == [
        "artlint: warning: artlint.toml: online: ignored: network access is granted only on the command line (--online)",
        "artlint: warning: artlint.toml: allow-private-hosts: ignored: network access is granted only on the command line (--allow-private-host)",
    ]
    online = subprocess.run([*cmd, "--online", "--online-timeout", "2"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert [i["message"] for i in json.loads(online.stdout)] == [f"http://127.0.0.1:{port}/error.png: refused: 127.0.0.1 is a loopback address"]
    assert "online: ignored" not in online.stderr and "allow-private-hosts: ignored" in online.stderr
