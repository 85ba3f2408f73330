# tidings: two commands on a fresh machine.
#   make demo   set up (venv + pinned dependencies, offline models) and code the bundled examples
#   make test   run the test suite offline (in an empty network namespace where possible)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-fast eval bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: setup
	$(VENV)/bin/tidings code examples/ --db examples.db --format summary

test: setup
	scripts/offline $(VENV)/bin/python -m pytest -q

test-fast: setup
	scripts/offline $(VENV)/bin/python -m pytest -q -m "not slow and not browser"

eval: setup
	$(VENV)/bin/tidings evaluate events

bench: setup
	$(VENV)/bin/python benchmarks/bench_throughput.py

clean:
	rm -rf $(VENV) examples.db examples.db-wal examples.db-shm
