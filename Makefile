# Two commands do everything on a fresh machine: `make run` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
export FLASK_APP := wsgi.py

.PHONY: run test install translations lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

install: $(BIN)/.installed translations

translations: $(BIN)/.installed
	$(BIN)/pybabel compile -d elearn/translations

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask content sync
	$(BIN)/flask demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund --loglevel=error

test: install node_modules/.package-lock.json
	scripts/ensure-chromium
	scripts/ensure-redis
	$(BIN)/ruff check elearn tests bench
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check elearn tests bench

bench: install
	$(BIN)/python bench/page_weight.py

clean:
	rm -rf $(VENV) instance .pytest_cache
