"""The `kg` command: click commands, thin, over the product's front door."""
from kg.cli.main import main

__all__ = ["main"]
