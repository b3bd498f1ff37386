"""Benchmarks and evaluations. They read ../shared when it is present and skip cleanly without it."""
