# The README's two commands: `make run` and `make test`. Everything they need, they set up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := app

.PHONY: run test setup demo clean pins fuzz mutation messages catalogs

# The virtualenv is rebuilt whenever the dependencies or their pins change. constraints.txt pins
# every installed package (pip and setuptools too) to what the app was tested with; see the README.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade -c constraints.txt pip setuptools
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# Migrations run on every start; the first start also writes instance/secret_key and VAPID keys.
# Static files get their gzip copies, which WhiteNoise sends to browsers that accept gzip.
setup: $(VENV)/.installed catalogs
	$(BIN)/flask db upgrade
	$(BIN)/python -m whitenoise.compress --quiet static

# Serves the app and runs the reminder worker beside it (push delivery needs both).
run: setup
	HOST=$(HOST) PORT=$(PORT) bash scripts/run_dev.sh

# Prints where to sign in: the address `make run` serves with the same HOST, PORT and PUBLIC_URL.
demo: setup
	HOST=$(HOST) PORT=$(PORT) $(BIN)/flask demo

# The compressed copies are made afresh, so an edited script is never served from a stale .gz.
test: $(VENV)/.installed catalogs
	bash scripts/ensure_chromium.sh
	$(BIN)/python -m whitenoise.compress --quiet static
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Every form fuzzed with 1,000 Hypothesis examples (the suite runs 25); prints the count per form.
FUZZ_EXAMPLES ?= 1000
fuzz: $(VENV)/.installed
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz_forms.py \
	  --hypothesis-show-statistics $(PYTEST_ARGS)

# Mutation testing of the code that decides who sees what (network, rewards, security.py) with
# the non-browser tests; prints killed / survived per file. Takes many minutes, so it is not part
# of .ci/run. Starts afresh each time (results of an older run would hide new survivors).
# MUTATION_CHILDREN: parallel test runs (keep it low on a shared machine).
MUTATION_CHILDREN ?= 2
mutation: $(VENV)/.installed
	rm -rf mutants
	env -u TEST_DATABASE_URL $(BIN)/mutmut run --max-children $(MUTATION_CHILDREN)
	$(BIN)/python scripts/mutation_report.py

# Translations (recoverynet/i18n.py): `make messages` collects every marked sentence into
# messages.pot and adds the new ones to each language's .po, untranslated (no fuzzy guesses: a
# guess would read as a translation). Then translate them in the .po, following the glossary.
# `make catalogs` compiles the .po files into the .mo files the app reads (never committed).
TRANSLATIONS := recoverynet/translations
messages: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k lazy_gettext -k lazy_ngettext:1,2 --no-location --sort-output \
	  --add-comments=Translators: --project=RecoveryNet -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel -q update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

catalogs: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d $(TRANSLATIONS)

# Re-pin constraints.txt to exactly what .venv holds now (after adding or upgrading a package).
pins: $(VENV)/.installed
	{ echo "# Exact versions the app runs and is tested on; regenerate with 'make pins' (see the README)."; \
	  $(BIN)/pip freeze --all --exclude-editable; } > constraints.txt
	touch $(VENV)/.installed

clean:
	rm -rf $(VENV) .pytest_cache
