"""Rayon's plumbing: producers, consumers, folders, the adaptive bridge and ``execute``."""

from pariter.plumbing.bridge import bridge, bridge_unindexed
from pariter.plumbing.execute import execute
from pariter.plumbing.localize import localize
from pariter.plumbing.protocols import Consumer, Folder, Producer, Reducer, UnindexedProducer
from pariter.plumbing.transform import Transform, TransformConsumer, TransformProducer

__all__ = [
    "Consumer",
    "Folder",
    "Producer",
    "Reducer",
    "Transform",
    "TransformConsumer",
    "TransformProducer",
    "UnindexedProducer",
    "bridge",
    "bridge_unindexed",
    "execute",
    "localize",
]
