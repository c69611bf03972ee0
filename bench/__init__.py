"""Benchmarks at scale: load, queries, API and export, against baselines, in one run.

``python -m bench`` runs them all; ``python -m bench --quick`` is a smoke run.
See BENCHMARKS.md.
"""
