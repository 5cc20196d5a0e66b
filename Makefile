# The README's two commands: `make run` and `make test`. Everything they need, they set up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := app

.PHONY: run test setup demo clean

# The virtualenv is rebuilt whenever the dependencies change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Migrations run on every start; the first start also writes instance/secret_key and VAPID keys.
setup: $(VENV)/.installed
	$(BIN)/flask db upgrade

# Serves the app and runs the reminder worker beside it (push delivery needs both).
run: setup
	HOST=$(HOST) PORT=$(PORT) bash scripts/run_dev.sh

demo: setup
	$(BIN)/flask demo

test: $(VENV)/.installed
	bash scripts/ensure_chromium.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
