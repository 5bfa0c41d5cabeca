"""What the tests and the benchmarks both need, in one place: the real server as a child
process, a fresh PostgreSQL database, the sync wire as a device speaks it, Chromium's flags and
the accessibility check, and the crash harness. Tests never import `bench`; `bench` builds its
measurements on this."""
