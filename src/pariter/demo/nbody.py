"""n-body: Rayon's ``nbody`` demo (Intel RiverTrail's flocking bodies), ported to pariter.

Every tick each body's next velocity is computed from the positions of all the bodies, so one
item costs O(n) and a tick O(n²).  Rayon writes the new bodies with
``out.par_iter_mut().zip(&in).for_each(...)``; here the bodies read in a tick come from a
snapshot (:func:`columns`), so each body can be replaced in place:
``par_iter_mut(bodies).map_in_place(step)``.  On a process pool the same line runs unchanged:
the workers' writes come back into the caller's list.

The snapshot is six ``array('d')`` columns: reading an array makes new floats owned by the
reading thread, so on a free-threaded build two threads never bump the reference counts of the
same float objects (a list of floats scales about 1.5x on 2 threads there, arrays 1.9x).

>>> check(sequential(12), parallel(12))
True
"""

from __future__ import annotations

import random
from array import array
from functools import lru_cache, partial
from math import cos, pi, sin, sqrt
from operator import itemgetter
from typing import TYPE_CHECKING

import pariter

NAME = "nbody"
TITLE = "n-body simulation"
IDIOM = "par_iter_mut(bodies).map_in_place(step)"
SIZES = {"tiny": 24, "quick": 500, "full": 1000}
TICKS = 10
CHECK = "floats, rel. 1e-9"

#: position (x, y, z), velocity (x, y, z), velocity2 (x, y, z)
Body = tuple[float, float, float, float, float, float, float, float, float]
if TYPE_CHECKING:  # (array is subscriptable at run time only from 3.12 on)
    Columns = tuple[
        array[float], array[float], array[float], array[float], array[float], array[float]
    ]

INITIAL_VELOCITY = 8.0
_POSITION_AND_VELOCITY2 = tuple(itemgetter(k) for k in (0, 1, 2, 6, 7, 8))


def describe(size: int) -> str:
    return f"{size:,} bodies x {TICKS} ticks"


@lru_cache(maxsize=2)
def initial_bodies(n: int, seed: int = 42) -> tuple[Body, ...]:
    """Rayon's starting state; the sphere's radius scales so every ``n`` has the density of
    Rayon's default run (4,000 bodies within 10,000 units), so bodies do meet."""
    rng = random.Random(seed)
    radius = 10_000.0 * (n / 4000) ** (1 / 3)
    bodies = []
    for _ in range(n):
        r = rng.uniform(0.0, radius)
        theta = rng.uniform(0.0, pi)
        phi = rng.uniform(0.0, 2.0 * pi)
        bodies.append(
            (
                r * sin(theta) * cos(phi),
                r * sin(theta) * sin(phi),
                r * cos(theta),
                rng.uniform(-0.5, 0.5) * INITIAL_VELOCITY,
                rng.uniform(-0.5, 0.5) * INITIAL_VELOCITY,
                rng.random() * INITIAL_VELOCITY + 10.0,
                rng.uniform(-0.5, 0.5) * INITIAL_VELOCITY,
                rng.uniform(-0.5, 0.5) * INITIAL_VELOCITY,
                rng.random() * INITIAL_VELOCITY,
            )
        )
    return tuple(bodies)


def prepare(size: int) -> None:
    initial_bodies(size)


def columns(bodies: list[Body]) -> Columns:
    """What a tick reads of every body (position and velocity2), as float arrays."""
    x, y, z, u, v, w = (array("d", map(get, bodies)) for get in _POSITION_AND_VELOCITY2)
    return x, y, z, u, v, w


def next_body(time: int, others: Columns, prev: Body) -> Body:
    """``prev`` one tick later, given every body of this tick (Rayon's ``next_velocity``)."""
    t = float(time)
    center_x = cos(t / 22.0) * -4200.0
    center_y = sin(t / 14.0) * 9200.0
    center_z = sin(t / 27.0) * 6000.0
    max_distance, pull_strength = 3400.0, 0.042
    zone, repel, align, attract = 400.0, 100.0, 300.0, 100.0
    speed_limit, attract_power = (2000.0, 100.9) if t < 500.0 else (0.2, 20.9)
    zone_sqrd = 3.0 * (zone * zone)

    px, py, pz, vx, vy, vz, wx, wy, wz = prev
    acc_x = acc_y = acc_z = acc2_x = acc2_y = acc2_z = 0.0

    # orient to center
    to_x, to_y, to_z = center_x - px, center_y - py, center_z - pz
    dist_to_center = sqrt(to_x * to_x + to_y * to_y + to_z * to_z)
    if dist_to_center > max_distance:
        velc = 0.2 if t < 200.0 else (dist_to_center - max_distance) * pull_strength
        acc_x += to_x / dist_to_center * velc
        acc_y += to_y / dist_to_center * velc
        acc_z += to_z / dist_to_center * velc

    vel_length = sqrt(vx * vx + vy * vy + vz * vz)
    d_x = d_y = d_z = d2_x = d2_y = d2_z = 0.0
    for ox, oy, oz, o2x, o2y, o2z in zip(*others, strict=True):
        rx, ry, rz = ox - px, oy - py, oz - pz
        dist_sqrd = rx * rx + ry * ry + rz * rz
        # (a body at distance zero is this body itself)
        if dist_sqrd < zone_sqrd and not (rx == 0.0 and ry == 0.0 and rz == 0.0):
            length = sqrt(dist_sqrd)
            percent = dist_sqrd / zone_sqrd
            if dist_sqrd < repel:
                f = (repel / percent - 1.0) * 0.025
                nx, ny, nz = rx / length * f, ry / length * f, rz / length * f
                d_x, d_y, d_z = d_x + nx, d_y + ny, d_z + nz
                d2_x, d2_y, d2_z = d2_x + nx, d2_y + ny, d2_z + nz
            elif dist_sqrd < align:
                adjusted_percent = (percent - repel) / (align - repel)
                q = (0.5 - cos(adjusted_percent * pi * 2.0) * 0.5 + 0.5) * 100.9
                vel2_length = sqrt(o2x * o2x + o2y * o2y + o2z * o2z)
                d_x += o2x / vel2_length * q
                d_y += o2y / vel2_length * q
                d_z += o2z / vel2_length * q
                d2_x += vx / vel_length * q
                d2_y += vy / vel_length * q
                d2_z += vz / vel_length * q
            if dist_sqrd > attract:
                adjusted_percent2 = (percent - attract) / (1.0 - attract)
                c = (1.0 - (cos(adjusted_percent2 * pi * 2.0) * 0.5 + 0.5)) * attract_power
                ax, ay, az = rx / length * c, ry / length * c, rz / length * c
                d_x, d_y, d_z = d_x + ax, d_y + ay, d_z + az
                d2_x, d2_y, d2_z = d2_x - ax, d2_y - ay, d2_z - az
    acc_x, acc_y, acc_z = acc_x + d_x, acc_y + d_y, acc_z + d_z
    acc2_x, acc2_y, acc2_z = acc2_x + d2_x, acc2_y + d2_y, acc2_z + d2_z

    if t > 500.0:  # speed limits
        if acc_x * acc_x + acc_y * acc_y + acc_z * acc_z > speed_limit:
            acc_x, acc_y, acc_z = acc_x * 0.015, acc_y * 0.015, acc_z * 0.015
        if acc2_x * acc2_x + acc2_y * acc2_y + acc2_z * acc2_z > speed_limit:
            acc2_x, acc2_y, acc2_z = acc2_x * 0.015, acc2_y * 0.015, acc2_z * 0.015

    nvx, nvy, nvz = vx + acc_x, vy + acc_y, vz + acc_z
    nwx, nwy, nwz = wx + acc2_x, wy + acc2_y, wz + acc2_z
    if t < 500.0:
        if nwx * nwx + nwy * nwy + nwz * nwz > speed_limit:
            nwx, nwy, nwz = nwx * 0.15, nwy * 0.15, nwz * 0.15
        if nvx * nvx + nvy * nvy + nvz * nvz > speed_limit:
            nvx, nvy, nvz = nvx * 0.15, nvy * 0.15, nvz * 0.15

    return (
        px + (nvx - nwx),
        py + (nvy - nwy),
        pz + (nvz - nwz),
        nvx,
        nvy,
        nvz,
        nwx,
        nwy,
        nwz,
    )


def sequential(size: int) -> list[Body]:
    """Rayon's ``tick_seq``: every body replaced in turn, from a snapshot of the tick."""
    bodies = list(initial_bodies(size))
    for time in range(TICKS):
        step = partial(next_body, time, columns(bodies))
        for i, body in enumerate(bodies):
            bodies[i] = step(body)
    return bodies


def parallel(size: int) -> list[Body]:
    """Rayon's ``tick_par``: the same steps, in place, with ``par_iter_mut``."""
    bodies = list(initial_bodies(size))
    for time in range(TICKS):
        pariter.par_iter_mut(bodies).map_in_place(partial(next_body, time, columns(bodies)))
    return bodies


def check(expected: list[Body], got: list[Body]) -> bool:
    """Equal within a relative 1e-9 (the same float operations run in the same order, so in
    practice the bodies are bit for bit equal)."""
    return len(expected) == len(got) and all(
        abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
        for e, g in zip(expected, got, strict=True)
        for a, b in zip(e, g, strict=True)
    )
