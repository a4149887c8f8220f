# make demo  - set up .venv, build the graph from seeds/ into out/store, write out/graph.html and exports
# make test  - set up .venv (if needed) and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build seeds/ --store out/store --out out

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf out $(VENV)
