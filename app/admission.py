"""Which requests may use the database now: they wait their turn on the event loop.

FastAPI runs each sync dependency and the endpoint as separate calls in anyio's worker threads
(40 by default), and a request keeps its connection, and on SQLite a writing request its write
lock, from its first query until its last call. Left alone, threads fill up with requests
waiting for a connection or for the write lock, while the request that holds it waits for a
thread to go on: nothing moves until the waiters time out (30 s, then a 500). The load run
showed exactly that.

So a request is admitted before it gets a thread: at most ``connections`` at once (each uses
one connection, tests/test_one_connection_per_request.py), and on SQLite one writing request
at a time, first come first served. There are more threads than admitted requests, so an
admitted request always finds a thread, and the waiting costs only a place in a queue.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread

THREADS_BESIDES_REQUESTS = 8  # static files and the like also run in worker threads


class DatabaseAdmission:
    def __init__(self, connections: int, *, one_writer: bool) -> None:
        self.connections = connections
        self.one_writer = one_writer
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots = asyncio.Semaphore(connections)
        self._writer = asyncio.Lock()

    def _for_this_loop(self) -> tuple[asyncio.Semaphore, asyncio.Lock]:
        # asyncio's primitives belong to one event loop; a test client may start another.
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop = loop
            self._slots = asyncio.Semaphore(self.connections)
            self._writer = asyncio.Lock()
            limiter = anyio.to_thread.current_default_thread_limiter()
            limiter.total_tokens = max(
                limiter.total_tokens, self.connections + THREADS_BESIDES_REQUESTS
            )
        return self._slots, self._writer

    @asynccontextmanager
    async def admit(self, *, write: bool) -> AsyncIterator[None]:
        slots, writer = self._for_this_loop()
        if write and self.one_writer:
            # The writer's turn first, then a connection: a writer waiting for its turn holds
            # no connection that a reader could need.
            async with writer, slots:
                yield
        else:
            async with slots:
                yield
