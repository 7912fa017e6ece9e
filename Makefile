# Two commands on a fresh machine: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAGE  ?= dev
PORT   ?= 8000
REQ_HASH := $(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
STAMP  := $(VENV)/.installed-$(REQ_HASH)
PYTEST_ARGS ?=

.PHONY: venv run test test-all lint bench package deploy destroy clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

## make run: emulator + tables/bucket/key + demo data + API on 127.0.0.1:$(PORT) + event pump
run: venv
	@PORT=$(PORT) $(BIN)/python -m devstack.run

## make test: the whole suite (unit, API, local stack), then the offline template checks
test: venv
	$(BIN)/python -m pytest -n 2 -m "not slow" $(PYTEST_ARGS)

## make test-all: also the long, marked tests
test-all: venv
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .

bench: venv
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
