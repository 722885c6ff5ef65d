# Two commands for a fresh machine with Python 3.11+: `make serve` and `make test`.
# `make help` prints the lines below that start with "## ": keep one for every target.
## make          build the book into site/ (the same as `make build`)
## make serve    install, build the book and serve it at http://127.0.0.1:8000, rebuilt on every edit
## make test     install and run every test
## make build    install and make a strict build of the book into site/
## make section  start a section in both editions: make section CHAPTER=backprop NAME=momentum [TITLE="Momentum"] [TITLE_ZH="动量"]
## make bench    measure build times and page-ready times, as ratios to baselines of the same run, the site's size, and the workbook's timings
## make install  create .venv/ and install the pinned requirements (the other targets do it)
## make clean    remove what the build made: site/ and .cache/
## make help     list these targets
.DEFAULT_GOAL := build
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/installed.txt
# The book plans its own move off Material (see CONTRIBUTING.md): no banner on every build.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test bench section clean help

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
	@echo 'Built the book into site/. `make serve` to read it, `make help` for every target.'

test: install
	$(BIN)/python -m pytest -n auto

bench: install
	$(BIN)/python scripts/benchmark_build.py
	$(BIN)/python scripts/benchmark_pages.py
	$(BIN)/python scripts/benchmark_workbook.py

# CHAPTER, NAME, TITLE and TITLE_ZH come from make's command line (not from a NAME the shell may
# already hold) and reach the script through the environment, so a title may hold quotes.
section: install
	@test "$(origin CHAPTER)" = "command line" -a "$(origin NAME)" = "command line" || \
		{ echo 'Usage: make section CHAPTER=<chapter> NAME=<name-in-kebab-case> [TITLE="Title"] [TITLE_ZH="标题"]'; exit 2; }
	@$(BIN)/python scripts/new_section.py "$$CHAPTER" "$$NAME" $${TITLE:+--title "$$TITLE"} $${TITLE_ZH:+--title-zh "$$TITLE_ZH"}

clean:
	rm -rf site .cache

help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)
