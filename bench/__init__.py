"""Benchmarks (not tests): synthetic corpus, ingest, handler latencies, fan-out and delivery figures."""
