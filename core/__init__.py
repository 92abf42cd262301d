"""Shared machinery every app may use and none owns: client identity, rate counting, the resilient cache
backend, mail without addresses in logs, owner-only secret files. Depends on Django and nothing of ours."""
