"""Sieve of Eratosthenes: Rayon's ``sieve`` demo, over the odd numbers, in chunks.

``flags[i]`` says whether ``2 * i + 1`` is prime.  The primes below ``sqrt(limit)`` are sieved
first; then every chunk of ``CHUNK_SIZE`` flags is sieved by them on its own, which is what
makes the sieve parallel (and, as Rayon's notes say, cache-friendly even when serial).  Rayon
writes the chunks in place with ``par_chunks_mut(...).enumerate().with_max_len(1)`` and checks
how many primes it found; here each chunk is a new ``bytearray`` whose strides are cleared by
C-level slice assignments, and each task returns its chunk's count of primes, so a process
pool ships a number back, not 100 KB of flags:

    counts = pariter.into_par_iter(range(n)).map(count_chunk).collect()

The result is ``(limit, counts)``: the primes below ``sqrt(limit)`` (2 included), then one count
a chunk, which the check compares chunk for chunk.  The sequential version is Rayon's
``sieve_chunks``: the same chunks, one after the other.

>>> limit, counts = parallel(1000)
>>> sum(counts)  # the primes below 1000
168
"""

from __future__ import annotations

from array import array
from functools import partial
from math import isqrt

import pariter

NAME = "sieve"
TITLE = "sieve of Eratosthenes"
IDIOM = "into_par_iter(range(chunks)).map(count_chunk).collect()"
SIZES = {"tiny": 30_000, "quick": 100_000_000, "full": 400_000_000}
CHECK = "exact, per chunk"

CHUNK_SIZE = 100_000  # flags per chunk, as in Rayon (the chunk and its strides stay in cache)

#: Number of primes below 10**n (OEIS A006880), to check the result as Rayon's demo does.
NUM_PRIMES = (0, 4, 25, 168, 1_229, 9_592, 78_498, 664_579, 5_761_455, 50_847_534)


def describe(size: int) -> str:
    return f"primes below {size:,}"


def sieve_serial(limit: int) -> bytearray:
    """The flags of the odd numbers below ``limit``, in one pass (Rayon's ``sieve_serial``)."""
    flags = bytearray(b"\x01") * (limit // 2)
    if flags:
        flags[0] = 0  # 1 is not prime
    for i in range(1, len(flags)):
        if flags[i]:
            p = 2 * i + 1
            if p * p >= limit:
                break
            start = p * p // 2
            flags[start::p] = bytes(len(range(start, len(flags), p)))
    return flags


def small_primes(limit: int) -> tuple[bytearray, array[int]]:
    """The flags below ``sqrt(limit)``, and the odd primes among them."""
    low = sieve_serial(isqrt(limit) + 1)
    return low, array("q", (2 * i + 1 for i, flag in enumerate(low) if flag))


def sieve_chunk(primes: array[int], first: int, total: int, index: int) -> bytearray:
    """Chunk ``index`` of the ``total`` flags that start at the odd number ``first``, with every
    multiple of ``primes`` cleared (Rayon's ``update_chunk``)."""
    base = first + 2 * CHUNK_SIZE * index
    length = min(CHUNK_SIZE, total - CHUNK_SIZE * index)
    flags = bytearray(b"\x01") * length
    end = base + 2 * length
    for p in primes:
        pp = p * p
        if pp >= end:
            break
        # the first odd multiple of p in this chunk (p² if it is here: smaller multiples have a
        # smaller prime factor)
        pm = pp if pp >= base else (-(-base // p) | 1) * p
        if pm < end:
            start = (pm - base) // 2
            flags[start::p] = bytes(len(range(start, length, p)))
    return flags


def count_chunk(primes: array[int], first: int, total: int, index: int) -> int:
    """How many primes chunk ``index`` holds."""
    return sieve_chunk(primes, first, total, index).count(1)


def chunks(limit: int) -> tuple[int, int, partial[int]]:
    """The number of primes below ``sqrt(limit)`` (2 included), how many chunks the rest makes,
    and the function that counts the primes of chunk ``i``."""
    low, primes = small_primes(limit)
    total = max(0, limit // 2 - len(low))
    count = -(-total // CHUNK_SIZE)
    below = low.count(1) + (limit > 2)  # 2 is the only even prime
    return below, count, partial(count_chunk, primes, 2 * len(low) + 1, total)


def sequential(size: int) -> tuple[int, list[int]]:
    below, count, counter = chunks(size)
    return size, [below, *map(counter, range(count))]


def parallel(size: int) -> tuple[int, list[int]]:
    below, count, counter = chunks(size)
    # Rayon's demo adds with_max_len(1), a task per chunk; here the bridge sizes the tasks (a
    # chunk takes about a millisecond, and a task per chunk costs a process pool a round trip
    # each: measured 1.71x against 1.99x without it on 3.11 with 2 processes)
    counts = pariter.into_par_iter(range(count)).map(counter).collect()
    return size, [below, *counts]


def check(expected: tuple[int, list[int]], got: tuple[int, list[int]]) -> bool:
    """The same count in every chunk; where the limit is a power of ten, the total must also
    be the known one (as Rayon's demo checks)."""
    if expected != got:
        return False
    limit, counts = got
    digits = len(str(limit)) - 1
    if limit == 10**digits and digits < len(NUM_PRIMES):
        return sum(counts) == NUM_PRIMES[digits]
    return True
