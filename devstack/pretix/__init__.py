"""A real pretix on loopback for the local stack and the contract tests (make pretix)."""
