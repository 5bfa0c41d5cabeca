"""Benchmarks that print ratios measured side by side in one run (`make bench`).

Speed and size targets are proven here, never by timed assertions in tests.
"""
