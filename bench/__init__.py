"""Benchmarks: upstream calls, latency against its lower bound, throughput, execution cost and memory."""
