# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make run    launches Chancery on the bundled sample archive
#   make test   runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-0.1

.PHONY: run test lint bundle selftest clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

run: $(STAMP)
	$(BIN)/chancery

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

bundle: $(STAMP)
	$(BIN)/python scripts/build_licenses.py
	$(BIN)/pyinstaller --noconfirm --clean chancery.spec
	du -sh dist/chancery

selftest: bundle
	QT_QPA_PLATFORM=offscreen dist/chancery/chancery --selftest --screenshot dist/selftest.png

clean:
	rm -rf build dist $(VENV)
