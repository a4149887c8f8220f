"""`python -m kg.queries` regenerates queries/README.md from the .rq headers."""
from kg.queries.readme import write_readme

print(f"wrote {write_readme()}")
