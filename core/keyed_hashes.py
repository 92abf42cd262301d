"""Keyed hashes of what must be matched but never shown (a client, an address): one salted HMAC per purpose.

`django.utils.crypto.salted_hmac` with SHA-256 (its default is SHA-1), keyed by SECRET_KEY and a
salt naming the purpose, so that a hash made for one purpose says nothing about the same value
hashed for another.
"""

from django.utils.crypto import salted_hmac


def keyed_hash(purpose, value):
    """The hex SHA-256 HMAC of `value` under SECRET_KEY and the salt `purpose` (64 characters)."""
    return salted_hmac(purpose, value, algorithm="sha256").hexdigest()
