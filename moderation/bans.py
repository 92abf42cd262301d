"""Looking up active bans on an account, an e-mail address or an IP address (inside banned networks too)."""

import ipaddress

from django.db.models import Q

from .models import Ban


def find_active_ban(*, user=None, email="", ip=None):
    """The first active ban matching any of the reader's identities, or None (one query).

    Account and e-mail bans are matched by the database; IP bans may be networks,
    so those are matched here (a site has few of them).
    """
    email = (email or "").strip().lower()
    address = parse_address(ip)
    wanted = Q(pk__in=[])
    if user is not None and getattr(user, "pk", None):
        wanted |= Q(kind=Ban.Kind.USER, user_id=user.pk)
    if email:
        wanted |= Q(kind=Ban.Kind.EMAIL, value=email)
    if address is not None:
        wanted |= Q(kind=Ban.Kind.IP)
    for ban in Ban.objects.active().filter(wanted).only("kind", "user_id", "value", "expires_at"):
        if ban.kind != Ban.Kind.IP or in_network(address, ban.value):
            return ban
    return None


def parse_address(ip):
    """An ip_address, or None for an empty or malformed value."""
    try:
        return ipaddress.ip_address(ip) if ip else None
    except ValueError:
        return None


def in_network(address, network):
    try:
        return address in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False
