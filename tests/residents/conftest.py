"""The bewoner and what was noted about her, for every test of her page (tests/residents)."""

from tests.residents.test_page import noted  # noqa: F401  (a fixture)
