"""Options shared by the online rules (module name starts with _: not a rule)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OnlineOptions:
    online: bool = False  # check over the network: set by --online only (the configuration's value is ignored)
    online_timeout: float = 10.0  # seconds, per request (--online-timeout)
    allow_private_hosts: tuple[str, ...] = ()  # hosts or networks exempt from the private-address refusal
    cache_ttl: int = 86_400  # seconds a successful answer is reused
    images: dict[str, str] = field(default_factory=dict)


def absolute(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://"))
