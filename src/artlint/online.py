"""Online checks of image and link URLs: bounded, cached, and never a request forgery.

Every distinct URL of a run is requested once (HEAD, then a ranged GET where HEAD is
refused), by a bounded pool with a per-host limit, connect and read timeouts, a
wall-clock deadline per URL and per run (a watchdog shuts the socket down: a server that
sends a byte now and then cannot hold a check), a capped number of redirects and of bytes
read. Before each connection — the first and after every redirect — the host is resolved
and the address refused when it is loopback, private, link-local (the cloud metadata
address), multicast, reserved or unspecified, or leads to such an IPv4 address (6to4,
Teredo, NAT64), unless an allow-list names the host or its network; the connection then
goes to that very address (no second lookup to rebind). Successes are cached with a
time-to-live; errors, 429 and 5xx never are.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import math
import os
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

CACHE = "online-v1.json"
MAX_REDIRECTS = 5
MAX_BYTES = 64 * 1024
WORKERS = 8
PER_HOST = 2
USER_AGENT = "artlint (content linter; link check)"
#: The wall-clock time of one URL, and of a run's online checks, in --online-timeout's.
PER_URL = 3
PER_RUN = 30


class Outcome(NamedTuple):
    ok: bool
    message: str  # why not, or what was found


class Refused(Exception):
    pass


def _allowed(host: str, address: str, allow: Iterable[str]) -> bool:
    ip = ipaddress.ip_address(address)
    for item in allow:
        if item.lower() == host.lower() or item == address:
            return True
        try:
            if ip in ipaddress.ip_network(item, strict=False):
                return True
        except ValueError:
            continue
    return False


#: NAT64's well-known prefix (RFC 6052): the last 32 bits are an IPv4 address.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def embedded(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to: IPv4-mapped, 6to4 (2002::/16), Teredo
    (2001::/32: its server and client) and NAT64 (64:ff9b::/96)."""
    found = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [v4 for v4 in found if v4 is not None]


def check_address(host: str, address: str, allow: Iterable[str]) -> None:
    """Raise Refused when ``address`` is not a public address and not allowed; an IPv6
    address that leads to IPv4 ones (6to4, Teredo, NAT64, IPv4-mapped) when one of those is
    not."""
    if _allowed(host, address, allow):
        return
    ip = ipaddress.ip_address(address)
    leads_to = embedded(ip) if isinstance(ip, ipaddress.IPv6Address) else []
    for v4 in leads_to:  # a translated address: the IPv4 addresses it leads to decide
        if not _allowed(host, str(v4), allow):
            _refuse_private(v4, f"{address}, which leads to {v4},")
    if not leads_to:
        _refuse_private(ip, address)


def _refuse_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, address: str) -> None:
    for test, what in (
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address (such as the cloud metadata service)"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    ):
        if test:
            raise Refused(f"refused: {address} is {what}")


def resolve(host: str, port: int, deadline: float = math.inf) -> str:
    """The first address of ``host``, looked up by ``deadline`` (time.monotonic), else
    TimeoutError. The system's resolver has no timeout of its own (a DNS server that does
    not answer holds it for its retries): the lookup runs in a thread of its own, left
    behind when it overruns."""
    found: list[Any] = []

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as err:
            found.append(err)

    thread = threading.Thread(target=lookup, name="artlint-resolve", daemon=True)
    thread.start()
    thread.join(None if deadline == math.inf else max(0.0, deadline - time.monotonic()))
    if not found:
        raise TimeoutError
    infos = found[0]
    if isinstance(infos, (socket.gaierror, UnicodeError)):
        raise Refused(f"cannot resolve {host}: {getattr(infos, 'strerror', None) or infos}")
    if isinstance(infos, BaseException):
        raise infos
    if not infos:
        raise Refused(f"cannot resolve {host}")
    return str(infos[0][4][0])


class Checker:
    def __init__(self, timeout: float = 10.0, allow: Iterable[str] = (), cache_dir: str | None = None, ttl: float = 86400.0, budget: float | None = None) -> None:
        self.timeout = timeout
        #: Wall-clock seconds for one URL (its redirects included), and for all of a run's.
        self.per_url = timeout * PER_URL
        self.budget = timeout * PER_RUN if budget is None else budget
        self._run_deadline = float("inf")
        self.allow = tuple(allow)
        self.ttl = ttl
        self.cache_path = os.path.join(cache_dir, CACHE) if cache_dir else None
        self._hosts: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()

    def _host_slot(self, host: str) -> threading.Semaphore:
        with self._lock:
            return self._hosts.setdefault(host.lower(), threading.Semaphore(PER_HOST))

    def check_all(self, urls: Iterable[tuple[str, bool]]) -> dict[tuple[str, bool], Outcome]:
        """The outcome of every distinct (url, must be an image) pair."""
        todo = sorted(set(urls))
        cache = self._load()
        now = time.time()
        results: dict[tuple[str, bool], Outcome] = {}
        missing = []
        cache = {k: v for k, v in cache.items() if self._fresh(v, now) is not None}  # (what expired is dropped)
        for key in todo:
            hit = self._fresh(cache.get(f"{int(key[1])} {key[0]}"), now)
            if hit is not None:
                results[key] = Outcome(True, hit)
            else:
                missing.append(key)
        if missing:
            self._run_deadline = time.monotonic() + self.budget
            with ThreadPoolExecutor(min(WORKERS, len(missing))) as pool:
                for key, outcome in zip(missing, pool.map(lambda k: self.check(*k), missing)):
                    results[key] = outcome
                    if outcome.ok:
                        cache[f"{int(key[1])} {key[0]}"] = [now, outcome.message]
            self._save(cache)
        return results

    def check(self, url: str, image: bool) -> Outcome:
        start = time.monotonic()
        if start >= self._run_deadline:
            return Outcome(False, f"not checked: the online checks of this run took their {self.budget:g} s")
        deadline = min(start + self.per_url, self._run_deadline)
        try:
            return self._follow(url, image, deadline)
        except Refused as err:
            return Outcome(False, str(err))
        except TimeoutError:
            if time.monotonic() >= deadline:
                return Outcome(False, f"no complete answer within {round(deadline - start, 1):g} s")
            return Outcome(False, f"no answer within {self.timeout:g} s")
        except Exception as err:  # network errors of every kind
            return Outcome(False, f"{type(err).__name__}: {err}"[:200])

    def _follow(self, url: str, image: bool, deadline: float) -> Outcome:
        """Request ``url``, following at most MAX_REDIRECTS redirects, never one back."""
        seen = {url}
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            status, headers = self._request(current, deadline)
            if status in (301, 302, 303, 307, 308) and headers.get("location"):
                current = urljoin(current, headers["location"])
                if current in seen:
                    return Outcome(False, f"redirect loop back to {current}")
                seen.add(current)
                continue
            return _verdict(url, current, status, headers, image)
        return Outcome(False, f"more than {MAX_REDIRECTS} redirects")

    def _request(self, url: str, deadline: float) -> tuple[int, dict[str, str]]:
        """One HEAD (or ranged GET where HEAD is refused), no redirect followed."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise Refused(f"refused: the {scheme or 'relative'} scheme is not checked online")
        host = parts.hostname or ""
        port = parts.port or (443 if scheme == "https" else 80)
        address = resolve(host, port, deadline)
        check_address(host, address, self.allow)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {"Host": host if parts.port is None else f"{host}:{port}", "User-Agent": USER_AGENT}
        slot = self._host_slot(host)
        if not slot.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise TimeoutError
        try:
            return self._head_or_get(scheme, host, address, port, target, headers, deadline)
        finally:
            slot.release()

    def _head_or_get(self, scheme: str, host: str, address: str, port: int, target: str, headers: dict[str, str], deadline: float) -> tuple[int, dict[str, str]]:
        """A HEAD request, or a ranged GET where the server refuses HEAD."""
        for method, extra in (("HEAD", {}), ("GET", {"Range": "bytes=0-0"})):
            status, found = self._exchange_retried(scheme, host, address, port, method, target, {**headers, **extra}, deadline)
            if method == "HEAD" and status in (405, 501):
                continue  # HEAD refused: a ranged GET
            return status, found
        return status, found

    def _exchange_retried(self, scheme: str, host: str, address: str, port: int, method: str, target: str, headers: dict[str, str], deadline: float) -> tuple[int, dict[str, str]]:
        """``_exchange``, once more after a 429 or 503 whose Retry-After ends before the deadline."""
        status, found = self._exchange(scheme, host, address, port, method, target, headers, deadline)
        if status in (429, 503):
            wait = _retry_after(found.get("retry-after"))
            if wait is not None and wait < deadline - time.monotonic():
                time.sleep(wait)
                status, found = self._exchange(scheme, host, address, port, method, target, headers, deadline)
        return status, found

    def _exchange(self, scheme: str, host: str, address: str, port: int, method: str, target: str, headers: dict[str, str], deadline: float) -> tuple[int, dict[str, str]]:
        """One request to ``address`` and its answer, over by ``deadline`` whatever the server
        does: each socket read waits at most the timeout, and a watchdog shuts the socket
        down at the deadline (a server that sends a byte now and then)."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        sock = socket.create_connection((address, port), timeout=min(self.timeout, remaining))
        watchdog = _Watchdog(sock, deadline)
        conn: http.client.HTTPConnection | None = None
        try:
            if scheme == "https":
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
            conn = http.client.HTTPConnection(host, port, timeout=self.timeout)
            conn.sock = sock
            conn.request(method, target, headers=headers)
            response = conn.getresponse()
            if method == "GET":
                response.read(MAX_BYTES)  # at most this much, whatever the size
            if watchdog.fired:  # (a read cut short by the watchdog ends without an error)
                raise TimeoutError
            return response.status, {k.lower(): v for k, v in response.getheaders()}
        except (OSError, http.client.HTTPException):
            if watchdog.fired:
                raise TimeoutError from None
            raise
        finally:
            watchdog.cancel()
            (conn or sock).close()

    def _fresh(self, hit: Any, now: float) -> str | None:
        """The message of a cached success still within its time to live; None for anything
        else. The list is untrusted (the cache folder may be committed): [time, message]
        with a time in the past — one in the future would never expire."""
        if isinstance(hit, list) and len(hit) == 2 and type(hit[0]) in (int, float) and isinstance(hit[1], str) and now - self.ttl < hit[0] <= now:
            return hit[1][:200]
        return None

    def _load(self) -> dict[str, Any]:
        """The cached successes, where this installation wrote the list (its seal: see
        ``_seal``); a list committed into the folder, marker and all, pre-answers nothing."""
        from .store.folder import MAX_READ, read_small

        if self.cache_path is None:
            return {}
        try:
            data = json.loads(read_small(self.cache_path, MAX_READ // 4) or b"{}")
        except (ValueError, RecursionError):
            return {}
        from .hashes import compare_digest

        if not isinstance(data, dict) or not isinstance(data.get("urls"), dict) or not isinstance(data.get("seal"), str) or not data["seal"].isascii():
            return {}
        if not compare_digest(data["seal"], self._seal(data["urls"])):
            return {}
        urls: dict[str, Any] = data["urls"]
        return urls

    def _save(self, urls: dict[str, Any]) -> None:
        if self.cache_path is None:
            return
        from .files import write_atomic
        from .store.folder import claim

        try:
            claim(os.path.dirname(self.cache_path))  # (artlint's own folder, made if need be)
            write_atomic(self.cache_path, [json.dumps({"seal": self._seal(urls), "urls": urls}).encode()])
        except OSError:
            pass  # the cache is an optimisation

    def _seal(self, urls: dict[str, Any]) -> str:
        """The list's MAC under the folder's secret (``store.folder.secret``: its marker's
        token and what only this installation knows)."""
        from .hashes import blake2b
        from .store.folder import secret

        assert self.cache_path is not None
        text = json.dumps(urls, sort_keys=True, separators=(",", ":"), allow_nan=True)
        return blake2b(text.encode("utf-8", "surrogatepass"), key=secret(os.path.dirname(self.cache_path)), digest_size=32).hexdigest()


def _verdict(url: str, current: str, status: int, headers: dict[str, str], image: bool) -> Outcome:
    """What the final answer (at ``current``, after any redirects from ``url``) says: an HTTP
    error, an image URL that serves no image, or success."""
    if status >= 400:
        return Outcome(False, f"HTTP {status}" + (f" after redirects to {current}" if current != url else ""))
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    if image and not kind.startswith("image/"):
        return Outcome(False, f"not an image: Content-Type {kind or '(none)'}")
    return Outcome(True, f"HTTP {status} {kind}".strip())


class _Watchdog:
    """Shuts a socket down at a deadline, which ends any read blocked on it."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.fired = False
        self._sock = sock.dup()  # (the same connection: still there once TLS has wrapped the first)
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def cancel(self) -> None:
        self._timer.cancel()
        self._timer.join()
        self._sock.close()


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
