"""The online checks end on time whatever a server does, and reach no private address
through an IPv6 address that embeds one; every connection stays on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from artlint.online import Checker, Refused, check_address
from test_online import loopback_only  # noqa: F401  (autouse: nothing leaves loopback)

DRIP = 0.3  # seconds between two bytes: each read is far within the timeout


@pytest.fixture
def drip() -> Iterator[str]:
    """A server on 127.0.0.1 that answers every request one byte at a time, without end:
    '/head' in its status line and headers, any other path in its body."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            request = conn.recv(4096)
            if b" /head" in request:
                payload = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 100_000
            else:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 1000000\r\n\r\n" if request.startswith(b"GET") else b"HTTP/1.1 405 No\r\nContent-Length: 0\r\n\r\n")
                payload = b"x" * 1_000_000 if request.startswith(b"GET") else b""
            for byte in payload:
                if stop.wait(DRIP):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    socket.create_connection(listener.getsockname()).close()  # (closing the socket does not end a blocked accept)
    acceptor.join(5)
    listener.close()


@pytest.mark.parametrize("path", ["/head", "/body.png"])
def test_a_dripping_server_is_cut_at_the_url_deadline(drip: str, path: str) -> None:
    checker = Checker(timeout=1.0, allow=("127.0.0.1",))
    start = time.monotonic()
    outcome = checker.check(drip + path, True)
    elapsed = time.monotonic() - start
    assert not outcome.ok and outcome.message == "no complete answer within 3 s", outcome
    assert 2.5 < elapsed < 5, elapsed


def test_the_run_has_a_deadline_too(drip: str) -> None:
    checker = Checker(timeout=1.0, allow=("127.0.0.1",), budget=2.0)
    urls = [(f"{drip}/head?{i}", True) for i in range(12)]
    start = time.monotonic()
    outcomes = checker.check_all(urls)
    elapsed = time.monotonic() - start
    assert elapsed < 4.5, elapsed
    assert all(not o.ok for o in outcomes.values()) and len(outcomes) == 12
    assert {o.message for o in outcomes.values()} <= {"no complete answer within 2 s", "not checked: the online checks of this run took their 2 s"} | {f"no complete answer within {n / 10:g} s" for n in range(21)}


def test_a_name_lookup_that_hangs_is_cut_at_the_url_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's resolver has no timeout: a DNS server that never answers would hold
    the run for as long as its retries last."""
    released = threading.Event()

    def silent_dns(*args: object, **kwargs: object) -> object:
        released.wait(30)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", silent_dns)
    checker = Checker(timeout=0.5)
    start = time.monotonic()
    try:
        outcome = checker.check("https://slow-dns.test/a.png", True)
    finally:
        released.set()
    elapsed = time.monotonic() - start
    assert not outcome.ok and outcome.message == "no complete answer within 1.5 s", outcome
    assert 1.2 < elapsed < 3, elapsed


def test_end_to_end_a_dripping_server_ends_on_time(drip: str, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(f'---\ntitle: a\n---\n\n<img src="{drip}/head" alt="a">\n<img src="{drip}/b.png" alt="b">\n')
    cmd = [sys.executable, "-m", "artlint", "check", "--no-cache", "--format", "json", "--online", "--online-timeout", "1", "--allow-private-host", "127.0.0.1", "--select", "image-unreachable", "."]
    start = time.monotonic()
    ran = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert time.monotonic() - start < 10
    found = json.loads(ran.stdout)
    assert [d["line"] for d in found] == [5, 6] and all("no complete answer within 3 s" in d["message"] for d in found), found


@pytest.mark.parametrize(
    "address, leads_to",
    [
        ("2002:7f00:1::1", "127.0.0.1"),  # 6to4
        ("2002:a00:1::", "10.0.0.1"),
        ("2002:a9fe:a9fe::", "169.254.169.254"),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "10.0.0.1"),  # Teredo: client 10.0.0.1 (its bits inverted)
        ("64:ff9b::7f00:1", "127.0.0.1"),  # NAT64
        ("64:ff9b::c0a8:101", "192.168.1.1"),
        ("::ffff:10.0.0.1", "10.0.0.1"),  # IPv4-mapped
    ],
)
def test_ipv6_that_leads_to_a_private_ipv4_is_refused(address: str, leads_to: str) -> None:
    with pytest.raises(Refused, match=f"leads to {leads_to},"):
        check_address("x.test", address, ())
    check_address("x.test", address, (leads_to,))  # unless allowed


def test_public_addresses_stay_allowed() -> None:
    for address in ("8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b::808:808"):
        check_address("x.test", address, ())
