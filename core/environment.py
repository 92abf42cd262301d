"""Reading settings from the environment: typed, and a malformed value stops start-up with one line
naming the variable (never a traceback, never a silent default).

Each app declares its own settings and their defaults (`<app>/conf.py`, as DRF declares its
`api_settings`); config/settings.py reads every one of them here by the type of its default, and
says nothing of what the defaults are.
"""

from dataclasses import dataclass

import environ

env = environ.Env()

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def config_error(variable, why):
    """Stop start-up with one clear line instead of a traceback."""
    raise SystemExit(f"configuration error: {variable}: {why}")


def read_bool(variable, default):
    value = env.str(variable, default=str(default)).strip().lower()
    if value not in TRUE_WORDS | FALSE_WORDS:
        config_error(variable, f"expected a boolean such as 1/0 or true/false, got {value!r}")
    return value in TRUE_WORDS


def read_int(variable, default):
    try:
        return env.int(variable, default=default)
    except Exception:
        config_error(variable, "expected a whole number")


def read_float(variable, default):
    try:
        return env.float(variable, default=default)
    except Exception:
        config_error(variable, "expected a number")


@dataclass(frozen=True)
class SameAs:
    """A default that is another setting's value as read (the longest probe text is the longest comment)."""

    name: str


def read_like(variable, default):
    """The variable from the environment, parsed as its default's type; the default when it is unset."""
    if isinstance(default, bool):  # before int: a bool is an int
        return read_bool(variable, default)
    if isinstance(default, int):
        return read_int(variable, default)
    if isinstance(default, float):
        return read_float(variable, default)
    if isinstance(default, list | tuple):
        return env.list(variable, default=list(default))
    if isinstance(default, str):
        return env.str(variable, default=default)
    raise TypeError(f"{variable}: no way to read a {type(default).__name__} from the environment")


def read_app_settings(*declared, known):
    """Every app setting, from the environment or its app's default; `known`: settings read already."""
    values = {}
    for defaults in declared:
        for name, default in defaults.items():
            if isinstance(default, SameAs):
                default = values[default.name] if default.name in values else known[default.name]
            values[name] = read_like(name, default)
    return values
