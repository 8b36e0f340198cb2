"""The client's address: the direct peer, or, behind a reverse proxy named in ``TRUSTED_PROXIES``, the address that
proxy put in ``X-Forwarded-For``. Used by the login lockout (django-axes) and the access log.

``X-Forwarded-For`` is read only when the direct peer is a trusted proxy; it is then walked from the right (the
entry the nearest proxy added) past every trusted proxy, and the first untrusted entry is the client. Entries
further left were written by the client itself and are never believed.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """``TRUSTED_PROXIES`` entries (addresses or networks such as ``10.0.0.0/8``) as networks."""
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request) -> str | None:
    peer = request.META.get("REMOTE_ADDR") or None
    trusted = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if peer is None or not trusted:
        return peer

    def is_trusted(address) -> bool:
        return any(address in network for network in trusted)

    nearest = _address(peer)
    if nearest is None or not is_trusted(nearest):
        return peer
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a malformed entry: the last proxy we trust is the best we know
        nearest = address
        if not is_trusted(address):
            break
    return str(nearest)
