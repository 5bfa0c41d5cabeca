"""Which requests may use the database now: they wait their turn on the event loop.

FastAPI runs each sync dependency and the endpoint as separate calls in anyio's worker threads
(40 by default), and a request keeps its connection, and on SQLite a writing request its write
lock, from its first query until its last call. Left alone, threads fill up with requests
waiting for a connection or for the write lock, while the request that holds it waits for a
thread to go on: nothing moves until the waiters time out (30 s, then a 500). The load run
showed exactly that.

So a request is admitted before it gets a thread: at most ``connections`` at once (each uses
one connection, tests/test_one_connection_per_request.py; the pool holds that many), and on
SQLite one writing request at a time, first come first served. There are more threads than
admitted requests, so an admitted request always finds a thread, and the waiting costs only
a place in a queue. A request with slow work between its reading and its writing (a login:
Argon2) is admitted once per step instead (app.db.DatabaseSteps), holding nothing between.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import anyio.to_thread

THREADS_BESIDES_REQUESTS = 8  # static files and the like also run in worker threads
# Past this, an overloaded server says so (503 with Retry-After; a phone keeps its changes
# and syncs again later) instead of growing its queue without end.
WAIT_AT_MOST_S = 60.0
RETRY_AFTER_S = 30


class AdmissionTimeoutError(Exception):
    pass


@dataclass
class _Turns:
    slots: asyncio.Semaphore
    writer: asyncio.Lock = field(default_factory=asyncio.Lock)


class DatabaseAdmission:
    def __init__(self, connections: int, *, one_writer: bool) -> None:
        self.connections = connections
        self.one_writer = one_writer
        # asyncio's primitives belong to one event loop, and a test may run several.
        self._per_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Turns] = (
            weakref.WeakKeyDictionary()
        )

    def _turns(self) -> _Turns:
        loop = asyncio.get_running_loop()
        turns = self._per_loop.get(loop)
        if turns is None:
            turns = self._per_loop[loop] = _Turns(asyncio.Semaphore(self.connections))
            limiter = anyio.to_thread.current_default_thread_limiter()  # per event loop too
            limiter.total_tokens = max(
                limiter.total_tokens, self.connections + THREADS_BESIDES_REQUESTS
            )
        return turns

    @asynccontextmanager
    async def admit(self, *, write: bool) -> AsyncIterator[None]:
        turns = self._turns()
        try:
            async with asyncio.timeout(WAIT_AT_MOST_S):
                # The writer's turn first, then a connection: a writer waiting for its turn
                # holds no connection that a reader could need.
                if write and self.one_writer:
                    await turns.writer.acquire()
                try:
                    await turns.slots.acquire()
                except BaseException:
                    if write and self.one_writer:
                        turns.writer.release()
                    raise
        except TimeoutError:
            raise AdmissionTimeoutError from None
        try:
            yield
        finally:
            turns.slots.release()
            if write and self.one_writer:
                turns.writer.release()
