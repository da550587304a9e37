"""Entry point for `python -m eval.layouts`."""

from eval.layouts.cli import main

main()
