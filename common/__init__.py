"""Shared types and settings: the one module every room may import."""
