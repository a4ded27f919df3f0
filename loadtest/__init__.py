"""Load and fault test: `make loadtest` (python -m loadtest).

Not run by CI: it restarts PostgreSQL and Redis. Its pure parts are tested in tests/loadtest.
"""
