"""Who the client is: one address per request, as far as the trusted proxies vouch for it.

Every limit, ban, vote, report and API throttle asks `client_ip` (the address, kept in full on
a comment) or `client_key` (what the limits count: the address for IPv4, its /64 for IPv6,
since one subscriber is handed a whole /64 and may hop inside it at will).

`X-Forwarded-For` is read only as far as proxies we trust wrote it. Each proxy appends the
address of the peer it heard from, so the header is read from its right end: the peer
(`REMOTE_ADDR`) is the nearest proxy, the last entry the address that proxy saw, and so on
leftwards while the hop just passed is a trusted proxy. A hop is trusted when it is one of the
`TRUSTED_PROXY_COUNT` nearest, or when its address is in `TRUSTED_PROXIES` (networks). With
neither set, forwarded headers are ignored entirely: anyone can write them. Whatever a client
writes itself stands to the left of what the proxies appended and is never reached.

The same count is DRF's `NUM_PROXIES` (settings), for any throttle of its own; ours ask
`client_key` (comments.api.throttles).
"""

import functools
import ipaddress

from django.conf import settings

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"
IPV6_CLIENT_PREFIX = 64
UNKNOWN = "unknown"


def parse(text):
    """An IPv4Address or IPv6Address from one hop as proxies write it, or None.

    Tolerates what proxies add around an address: spaces, "[v6]:port", "v4:port", a zone id;
    an IPv4 address written as IPv6 (::ffff:a.b.c.d) is the IPv4 address.
    """
    text = (text or "").strip().strip('"')
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.partition(":")[0]
    text = text.partition("%")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@functools.lru_cache(maxsize=8)
def _networks(entries):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted_networks():
    return _networks(tuple(settings.TRUSTED_PROXIES))


def _is_trusted_proxy(address, hop, networks):
    return hop < settings.TRUSTED_PROXY_COUNT or any(address in network for network in networks)


def client_address(request):
    """The client's address as an ipaddress object, or None when the request has none."""
    address = parse(request.META.get("REMOTE_ADDR"))
    if address is None:
        return None
    networks = _trusted_networks()
    if settings.TRUSTED_PROXY_COUNT <= 0 and not networks:
        return address
    forwarded = request.META.get(FORWARDED_HEADER, "")
    hops = [hop for hop in forwarded.split(",") if hop.strip()] if forwarded else []
    hop = 0
    while hops and _is_trusted_proxy(address, hop, networks):
        earlier = parse(hops.pop())
        if earlier is None:  # a proxy we trust wrote nonsense: go no further than that proxy
            break
        address, hop = earlier, hop + 1
    return address


def client_ip(request):
    """The client's address as text (kept on a comment, matched against bans), or None."""
    address = client_address(request)
    return str(address) if address is not None else None


def address_key(ip):
    """What the limits count for an address: IPv4 itself, IPv6 as its /64; "unknown" without one."""
    address = parse(ip) if isinstance(ip, str) else ip
    if address is None:
        return UNKNOWN
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address)


def client_key(request):
    """The client as the limits, votes, reports and throttles count it (see `address_key`)."""
    return address_key(client_address(request))
