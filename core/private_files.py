"""Secrets kept in files (the development SECRET_KEY, the demo moderator's password): owner-only.

A new file is written under a temporary name created with mode 600 and linked into place, so it is
never readable by others, not even for a moment, and two processes starting at once agree on one
value (the second finds the first's file). A file found readable by group or others is tightened.
"""

import os
import tempfile
from pathlib import Path

OWNER_ONLY = 0o600


def kept_secret(path, make):
    """The secret in `path`, or a new one from `make()` written there readable by its owner only."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 600
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(make())
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process wrote it first: theirs is kept
        finally:
            os.unlink(temporary)
    if path.stat().st_mode & 0o077:
        path.chmod(OWNER_ONLY)
    return path.read_text().strip()
