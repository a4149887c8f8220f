"""`python -m kg ...` runs the `kg` command."""
from kg.cli.main import main

if __name__ == "__main__":
    main()
