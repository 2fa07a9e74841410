# Two commands for a newcomer: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: demo test install install-test lint format messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: $(VENV)/.installed
	$(BIN)/opencity migrate --noinput
	$(BIN)/opencity demo
	@echo "Serving http://$(HOST)/ (Ctrl+C stops it)"
	$(BIN)/opencity runserver $(HOST)

test: $(VENV)/.installed-test
	$(BIN)/python tests/run.py $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(VENV)/.installed
	cd opencity && ../$(BIN)/opencity makemessages --no-location --no-obsolete -l uk -l ro -l bg -l en
	cd opencity && ../$(BIN)/opencity compilemessages

clean:
	rm -rf $(VENV) var/test-*
