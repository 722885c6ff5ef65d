# Two commands for a fresh machine with Python 3.11+: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/installed.txt
# The book plans its own move off Material (see CONTRIBUTING.md): no banner on every build.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test bench clean

# Re-install only when the pins change; the stamp holds a copy of the pins.
$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Forty-Seven Parameters needs Python 3.11 or newer (found: $$($(PYTHON) --version))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input -r requirements.txt
	cp requirements.txt $@

install: $(STAMP)

serve: install
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: install
	$(BIN)/mkdocs build --strict

test: install
	$(BIN)/python -m pytest -n auto

bench: install
	$(BIN)/python scripts/benchmark_build.py

clean:
	rm -rf site .cache
