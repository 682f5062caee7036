"""Digest Reader: a desktop reading queue for research-paper digests."""

__version__ = "0.1.0"
