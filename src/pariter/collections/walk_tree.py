"""``walk_tree_prefix``, ``walk_tree_postfix`` and ``walk_tree``: trees as parallel iterators.

A producer holds the nodes it has already *seen* (to emit before or after its subtrees) and a
forest still to explore; splitting expands a lone root into its children, then halves the
forest.  Collecting keeps prefix (or postfix) order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from pariter.iterators.base import ParallelIterator, check_fn, describe_arg
from pariter.plumbing.bridge import bridge_unindexed
from pariter.plumbing.protocols import Consumer, Folder, UnindexedProducer

N = TypeVar("N")
R = TypeVar("R")

ChildrenOf = Callable[[N], Iterable[N]]


def _prefix(roots: list[N], children_of: ChildrenOf[N]) -> Iterator[N]:
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(list(children_of(node))))


def _postfix(roots: list[N], children_of: ChildrenOf[N]) -> Iterator[N]:
    for root in roots:
        stack: list[tuple[N, Iterator[N]]] = [(root, iter(children_of(root)))]
        while stack:
            node, kids = stack[-1]
            child = next(kids, _END)
            if child is _END:
                stack.pop()
                yield node
            else:
                stack.append((child, iter(children_of(child))))


_END: Any = object()


class WalkTreeProducer(UnindexedProducer[N]):
    """``seen`` nodes (before the forest for prefix, after it for postfix) and a forest."""

    __slots__ = ("children_of", "forest", "postfix", "seen")

    def __init__(
        self, seen: list[N], forest: list[N], children_of: ChildrenOf[N], postfix: bool
    ) -> None:
        self.seen = seen
        self.forest = forest
        self.children_of = children_of
        self.postfix = postfix

    def split(self) -> tuple[UnindexedProducer[N], UnindexedProducer[N] | None]:
        seen, forest = self.seen, self.forest
        if len(forest) == 1:
            root = forest[0]
            forest = list(self.children_of(root))
            seen = [root, *seen] if self.postfix else [*seen, root]
        if len(forest) < 2:
            return WalkTreeProducer(seen, forest, self.children_of, self.postfix), None
        mid = len(forest) // 2
        if self.postfix:
            left = WalkTreeProducer([], forest[:mid], self.children_of, True)
            right = WalkTreeProducer(seen, forest[mid:], self.children_of, True)
        else:
            left = WalkTreeProducer(seen, forest[:mid], self.children_of, False)
            right = WalkTreeProducer([], forest[mid:], self.children_of, False)
        return left, right

    def fold_with(self, folder: Folder[N, Any]) -> None:
        if not self.postfix:
            if self.seen:
                folder.consume_iter(iter(self.seen))
            if self.forest and not folder.full():
                folder.consume_iter(_prefix(self.forest, self.children_of))
        else:
            if self.forest:
                folder.consume_iter(_postfix(self.forest, self.children_of))
            if self.seen and not folder.full():
                folder.consume_iter(iter(self.seen))


class WalkTree(ParallelIterator[N]):
    """A tree walk from ``root``."""

    def __init__(self, root: N, children_of: ChildrenOf[N], postfix: bool) -> None:
        self.root = root
        self.children_of = children_of
        self.postfix = postfix

    def drive_unindexed(self, consumer: Consumer[N, R]) -> R:
        producer = WalkTreeProducer([], [self.root], self.children_of, self.postfix)
        return bridge_unindexed(producer, consumer)

    def __repr__(self) -> str:
        entry = "walk_tree_postfix" if self.postfix else "walk_tree_prefix"
        return f"{entry}({describe_arg(self.root)}, {describe_arg(self.children_of)})"


def walk_tree_prefix(root: N, children_of: ChildrenOf[N]) -> ParallelIterator[N]:
    """Every node, parents before children (prefix order when collected).

    >>> tree = {1: [2, 3], 2: [4, 5], 3: [6, 7]}
    >>> walk_tree_prefix(1, lambda n: tree.get(n, [])).collect()
    [1, 2, 4, 5, 3, 6, 7]
    """
    return WalkTree(root, check_fn("children_of", children_of), False)


def walk_tree_postfix(root: N, children_of: ChildrenOf[N]) -> ParallelIterator[N]:
    """Every node, children before parents (postfix order when collected).

    >>> tree = {1: [2, 3], 2: [4, 5], 3: [6, 7]}
    >>> walk_tree_postfix(1, lambda n: tree.get(n, [])).collect()
    [4, 5, 2, 6, 7, 3, 1]
    """
    return WalkTree(root, check_fn("children_of", children_of), True)


def walk_tree(root: N, children_of: ChildrenOf[N]) -> ParallelIterator[N]:
    """Every node, in an unspecified order (currently postfix, as in Rayon).

    >>> sorted(walk_tree(1, lambda n: [2 * n, 2 * n + 1] if n < 4 else []).collect())
    [1, 2, 3, 4, 5, 6, 7]
    """
    return walk_tree_postfix(root, children_of)
