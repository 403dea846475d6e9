"""Sources and collections: what parallel iterators are made from, and collection helpers."""
