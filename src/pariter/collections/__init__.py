"""Sources and collections: what parallel iterators are made from, and collection helpers."""

from pariter.collections.bridge import par_bridge
from pariter.collections.entry import into_par_iter, par_iter
from pariter.collections.repeat import empty, once, repeat, repeat_n
from pariter.collections.split import split
from pariter.collections.walk_tree import walk_tree, walk_tree_postfix, walk_tree_prefix

__all__ = [
    "empty",
    "into_par_iter",
    "once",
    "par_bridge",
    "par_iter",
    "repeat",
    "repeat_n",
    "split",
    "walk_tree",
    "walk_tree_postfix",
    "walk_tree_prefix",
]
