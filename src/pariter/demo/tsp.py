"""Travelling salesman, branch and bound: Rayon's ``tsp`` demo on its Djibouti cities.

The cities are the first ``n`` of TSPLIB's ``dj38`` (Rayon's ``dj10`` and ``dj15`` are its first
10 and 15); distances are Euclidean, rounded to whole numbers (TSPLIB's EUC_2D).  A search
extends a tour depth first, nearest city first, and drops a partial tour once its weight plus a
lower bound for the rest (the cheapest edge into every city still to visit) cannot beat the best
tour found so far.

Rayon spawns a task per partial tour until few cities remain, all sharing the best weight in an
atomic.  Here every partial tour of three cities is an item, and the searches share the best
weight in a :class:`pariter.AtomicMin` (shared memory on a process pool, the scheduler on Dask):

    pariter.par_iter(prefixes).filter_map(search).min(key=weight)

A search reads the shared bound at every node above its last four levels (deeper nodes use the
limit their parent passed down, tightened by what their siblings found), and copies the tables
it reads per node into objects of its own: on a free-threaded build two threads reading one
shared object (a tuple of distances, an int weight) contend on its reference count (see
docs/guide/free-threading.md).  The sequential search is the same function.

The bound only prunes: each search returns the best tour it found itself, and ``min`` picks
the answer, so the result is exact whichever search finds it first.  The sequential search
takes the prefixes most promising first (lowest lower bound); the parallel one takes them in
bit-reversed rank order, so that every piece the pool splits off starts with promising ones (in
rank order the second thread would start at the middle, among the worst).  Equal-weight tours
(a tour and its reverse) may come out in either direction: the check compares weights and that
the tour is valid.

>>> sequential(10)  # Rayon's dj10 benchmark expects weight 2577
(2577, (0, 1, 3, 2, 4, 6, 8, 7, 5, 9, 0))
"""

from __future__ import annotations

import math
from functools import lru_cache, partial
from itertools import pairwise, permutations
from operator import itemgetter

import pariter

NAME = "tsp"
TITLE = "travelling salesman"
IDIOM = "par_iter(prefixes).filter_map(search).min(key=weight)"
SIZES = {"tiny": 8, "quick": 12, "full": 14}
CHECK = "same weight, valid tour"

#: TSPLIB dj38: 38 locations in Djibouti (National Imagery and Mapping Agency data), the file
#: Rayon's demo ships its dj10 and dj15 from.
CITIES = (
    (11003.611100, 42102.500000), (11108.611100, 42373.888900), (11133.333300, 42885.833300),
    (11155.833300, 42712.500000), (11183.333300, 42933.333300), (11297.500000, 42853.333300),
    (11310.277800, 42929.444400), (11416.666700, 42983.333300), (11423.888900, 43000.277800),
    (11438.333300, 42057.222200), (11461.111100, 43252.777800), (11485.555600, 43187.222200),
    (11503.055600, 42855.277800), (11511.388900, 42106.388900), (11522.222200, 42841.944400),
    (11569.444400, 43136.666700), (11583.333300, 43150.000000), (11595.000000, 43148.055600),
    (11600.000000, 43150.000000), (11690.555600, 42686.666700), (11715.833300, 41836.111100),
    (11751.111100, 42814.444400), (11770.277800, 42651.944400), (11785.277800, 42884.444400),
    (11822.777800, 42673.611100), (11846.944400, 42660.555600), (11963.055600, 43290.555600),
    (11973.055600, 43026.111100), (12058.333300, 42195.555600), (12149.444400, 42477.500000),
    (12286.944400, 43355.555600), (12300.000000, 42433.333300), (12355.833300, 43156.388900),
    (12363.333300, 43189.166700), (12372.777800, 42711.388900), (12386.666700, 43334.722200),
    (12421.666700, 42895.555600), (12645.000000, 42973.333300),
)  # fmt: skip

Tour = tuple[int, tuple[int, ...]]  # (weight, cities from 0 back to 0)


class Graph:
    """Distances between the first ``n`` cities, each city's neighbours nearest first, and
    the cheapest edge into each city (for the lower bound)."""

    __slots__ = ("cheapest_in", "dist", "n", "nearest", "worst")

    def __init__(self, n: int) -> None:
        cities = CITIES[:n]
        self.n = n
        self.dist = tuple(tuple(math.floor(math.dist(p, q) + 0.5) for q in cities) for p in cities)
        self.nearest = tuple(
            tuple(sorted((j for j in range(n) if j != i), key=row.__getitem__))
            for i, row in enumerate(self.dist)
        )
        self.cheapest_in = tuple(
            min((self.dist[i][j] for i in range(n) if i != j), default=0) for j in range(n)
        )
        #: More than any tour weighs: where the shared bound starts (an int, as the weights).
        self.worst = n * max(map(max, self.dist)) + 1


@lru_cache(maxsize=4)
def graph(n: int) -> Graph:
    if not 3 <= n <= len(CITIES):
        raise ValueError(f"tsp needs 3 to {len(CITIES)} cities, got {n}")
    return Graph(n)


def describe(size: int) -> str:
    return f"{size} cities of dj38"


def prefixes(g: Graph) -> list[tuple[int, ...]]:
    """Every start of a tour ``0 -> a -> b``, the lowest lower bound first."""

    def lower_bound(p: tuple[int, ...]) -> int:
        rest = sum(g.cheapest_in[j] for j in range(g.n) if j not in p) + g.cheapest_in[0]
        return sum(g.dist[a][b] for a, b in pairwise(p)) + rest

    starts = [(0, a, b) for a, b in permutations(range(1, g.n), 2)]
    return sorted(starts, key=lower_bound)


def spread(ranked: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """``ranked`` in bit-reversed rank order: each half, quarter, ... starts near the top.

    >>> spread(list(range(8)))
    [0, 4, 2, 6, 1, 5, 3, 7]
    """
    bits = max(len(ranked) - 1, 1).bit_length()
    flipped = sorted(range(len(ranked)), key=lambda i: int(f"{i:0{bits}b}"[::-1], 2))
    return [ranked[i] for i in flipped]


def search(g: Graph, bound: pariter.AtomicMin, prefix: tuple[int, ...]) -> Tour | None:
    """The cheapest tour starting with ``prefix`` that beats ``bound``, or None."""
    # Private copies of the tables (new tuples of new ints): on a free-threaded build every
    # read of a shared object updates its reference count, and threads reading the same ones
    # contend for them.
    dist = tuple([tuple([d + 0 for d in row]) for row in g.dist])
    nearest = tuple([tuple([*row]) for row in g.nearest])  # city numbers: small ints, immortal
    cheapest_in, n = tuple([c + 0 for c in g.cheapest_in]), g.n
    path = list(prefix)
    visited = [False] * n
    for city in prefix:
        visited[city] = True
    weight = sum(dist[a][b] for a, b in pairwise(prefix))
    rest = sum(cheapest_in[j] for j in range(n) if not visited[j]) + cheapest_in[0]
    best: Tour | None = None

    # The shared bound is read at the nodes above the last few levels only (reads cost most on
    # a process pool); below them a node uses its parent's limit, and each call returns the
    # limit it ended with, so a tour found deep down tightens its siblings' at once.
    fresh_above = n - 4

    # The depth is passed down rather than read with len(path): a few bytecodes fewer a node.
    def extend(last: int, depth: int, weight: int, rest: int, limit: int) -> int:
        nonlocal best
        if depth < fresh_above:
            shared = bound.value
            if shared < limit:  # it only ever goes down
                limit = shared
        row = dist[last]
        if depth == n:
            total = weight + row[0]
            if total < limit:
                bound.offer(total)
                best = (total, (*path, 0))
                return total
            return limit
        for city in nearest[last]:
            if visited[city]:
                continue
            w = weight + row[city]
            r = rest - cheapest_in[city]
            if w + r >= limit:
                continue
            visited[city] = True
            path.append(city)
            limit = extend(city, depth + 1, w, r, limit)
            path.pop()
            visited[city] = False
        return limit

    extend(path[-1], len(path), weight, rest, bound.value)
    return best


def normalized(found: Tour) -> Tour:
    """The tour in the direction whose city list is smaller (as Rayon's benchmark does)."""
    weight, tour = found
    return weight, min(tour, tour[::-1])


def sequential(size: int) -> Tour:
    g = graph(size)
    bound = pariter.AtomicMin(g.worst)
    found = filter(None, map(partial(search, g, bound), prefixes(g)))
    return normalized(min(found, key=itemgetter(0)))


def parallel(size: int) -> Tour:
    g = graph(size)
    bound = pariter.AtomicMin(g.worst)
    found = pariter.par_iter(spread(prefixes(g))).filter_map(partial(search, g, bound))
    best = found.min(key=itemgetter(0))
    assert best is not None  # the first search always finds a tour: the bound starts infinite
    return normalized(best)


def tour_weight(g: Graph, tour: tuple[int, ...]) -> int:
    return sum(g.dist[a][b] for a, b in pairwise(tour))


def check(expected: Tour, got: Tour) -> bool:
    weight, tour = got
    n = len(tour) - 1
    g = graph(n)
    valid = tour[0] == tour[-1] == 0 and sorted(tour[:-1]) == list(range(n))
    return valid and weight == expected[0] and tour_weight(g, tour) == weight
