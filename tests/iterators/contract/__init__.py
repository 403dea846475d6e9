"""Black-box contract tests for pariter's parallel iterators (public API only)."""
