"""Knowledge graph of actors, posts and events in security-diplomacy news."""

__version__ = "0.1.0"
