"""Benchmarks at real scale (``bench/run``)."""
