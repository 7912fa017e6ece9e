# Two commands on a fresh machine: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAGE  ?= dev
PORT   ?= 8000
REQ_HASH := $(shell cat requirements.txt requirements.lock requirements-dev.txt | sha1sum | cut -c1-12)
STAMP  := $(VENV)/.installed-$(REQ_HASH)
# cfn-lint + aws-sam-translator in their own venv: the translator pins an older pydantic
# than the app ships (requirements-tools.txt says more).
TOOLS  := $(VENV)/tools
TOOLS_HASH := $(shell sha1sum requirements-tools.txt | cut -c1-12)
TOOLS_STAMP := $(TOOLS)/.installed-$(TOOLS_HASH)
PYTEST_ARGS ?=
# The 3.13 leg's pytest arguments (default in tests/py313.sh: the unit, runtime, emulator, store and API suites, not slow).
PY313_PYTEST_ARGS ?=

.PHONY: clean-py313
.PHONY: venv tools lock run reset test test-py313 test-all lint bench package deploy destroy clean browser-deps messages
.PHONY: pretix pretix-stop
.PHONY: web-deps web-openapi web-build web-test
WEB_PORT ?= 8080
WEB_STAMP := web/node_modules/.installed-$(shell cat web/package-lock.json 2>/dev/null | sha1sum | cut -c1-12)

$(STAMP): requirements.txt requirements.lock requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -qq --disable-pip-version-check --upgrade pip
	@# Constrained by the lock (hashes stripped: pip would demand them of every dev tool too), so
	@# the tests run exactly the versions the Lambda package ships, transitive ones included.
	@sed -e '/--hash=/d' -e 's/ *\\$$//' requirements.lock > $(VENV)/lock-constraints.txt
	@echo "python: installing the pinned packages into $(VENV)"
	@# -qq: errors only (a machine-wide pip.conf may add an index whose missing folders warn per package)
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -r requirements-dev.txt -c $(VENV)/lock-constraints.txt
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

$(TOOLS_STAMP): requirements-tools.txt
	@test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	@$(TOOLS)/bin/python -m pip install -q --disable-pip-version-check -r requirements-tools.txt
	@rm -f $(TOOLS)/.installed-* && touch $@

tools: $(STAMP) $(TOOLS_STAMP)

## make lock: requirements.txt (top-level pins) -> requirements.lock (every runtime dependency, with hashes)
lock: venv
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock requirements.txt

## make run: emulator + tables/bucket/key + saved data (or the demo data) + API on 127.0.0.1:$(PORT) + event pump
## + the web app on 127.0.0.1:$(WEB_PORT) (built once; open that URL first)
run: venv web-build
	@PORT=$(PORT) WEB_PORT=$(WEB_PORT) $(BIN)/python -m devstack.run

## make reset: forget the local stack's saved data in .localdata/ or $$LOCAL_DATA_DIR (refused while it runs)
reset: venv
	@$(BIN)/python -m devstack.run --reset

## ---- The web app (web/, see web/README.md): Node 20+, npm.
## make web-deps: npm ci, once per package-lock.json
$(WEB_STAMP): web/package-lock.json
	@command -v npm >/dev/null || { echo "the web app needs Node.js 20+ and npm (apt-get install nodejs npm)"; exit 2; }
	@echo "web app: installing its packages (npm ci)"
	@cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@rm -f web/node_modules/.installed-* && touch $@

web-deps: $(WEB_STAMP)

## make web-openapi: web/openapi.json from the app's own OpenAPI document (the typed client's source)
## make messages: add the e-mails' new sentences to each language's catalog (chalicelib/locale/*/LC_MESSAGES/
## messages.po; translate the empty ones by hand) and compile the .mo files the Lambda reads
messages: venv
	@$(BIN)/python -m infra.messages

web-openapi: venv
	@$(BIN)/python -m devstack.web.export_openapi web/openapi.json

## make web-build: typed client + type-check + production bundle in web/dist, only when web/'s sources,
## package-lock.json or web/openapi.json changed (a digest in web/dist/.build-digest; --force: always)
web-build: web-deps web-openapi
	@$(BIN)/python -m devstack.web.build

## make web-test: type-check, lint and unit tests of the web app
web-test: web-deps web-openapi
	cd web && npm run --silent typecheck && npm run --silent lint && npm run --silent test

## make browser-deps: Debian's chromium and Node.js/npm for the web app's journeys (idempotent)
browser-deps:
	@bash tests/browser/install-deps.sh

## make test: lint, then the whole suite (unit, API, local stack, a real browser, the offline template checks),
## then the unit and API suites again on Python 3.13, the Lambda runtime's (make test-py313)
test: tools browser-deps web-test web-build
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -m "not slow" $(PYTEST_ARGS)
	@$(MAKE) --no-print-directory test-py313

## make test-py313: the unit and API suites on Python 3.13: python3.13 from PATH, else a Debian 13 root made
## once with mmdebstrap in .cache/py313/ (root needed; `make clean` keeps it, `make clean-py313` removes it)
test-py313:
	@bash tests/py313.sh $(PY313_PYTEST_ARGS)

## make test-all: also the long, marked tests (the contract tests against a real pretix, installed on first use)
test-all: tools browser-deps web-test web-build
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

## make pretix: a real pretix (PyPI, its own venv in .cache/pretix, SQLite, gunicorn on 127.0.0.1:$${PRETIX_PORT:-8346})
## with an organizer, event, ticket item and API token; `make run` then issues the demo's vouchers there.
## The first start installs and migrates (minutes); later starts take seconds. make pretix-stop ends it.
pretix: venv
	@$(BIN)/python -m devstack.pretix.local start

pretix-stop: venv
	@$(BIN)/python -m devstack.pretix.local stop

lint: venv
	$(BIN)/ruff check .

bench: tools
	$(BIN)/python -m bench

# ---- AWS (see infra/README.md). `package` and `cfn-lint` need no AWS account.
STACK        ?= conference-grants-$(STAGE)
PACKAGE_DIR  ?= build/package
DEPLOY_BUCKET ?=
PARAMS       ?=
ARCH         ?= arm64
AWS          ?= aws
.PHONY: cfn-lint

## make package STAGE=prod [ARCH=x86_64]: python3.13 on arm64 (or x86_64), whatever Python runs it; writes
## $(PACKAGE_DIR)/sam.json, deployment.zip, manifest.json (the target's wheels are cached in build/wheels-*),
## and builds the web app into web/dist (when web/ exists)
package: tools
	$(BIN)/python -m infra.build --stage $(STAGE) --arch $(ARCH) --out $(PACKAGE_DIR)
	@if [ -f web/package.json ]; then npm --prefix web ci && npm --prefix web run build; \
	else echo "no web/package.json: web app not built"; fi

## make cfn-lint STAGE=prod: package, then validate the template and its offline SAM expansion
cfn-lint: package
	$(TOOLS)/bin/cfn-lint $(PACKAGE_DIR)/sam.json $(PACKAGE_DIR)/cloudformation.json

## make deploy STAGE=dev DEPLOY_BUCKET=my-artifacts [PARAMS="AlarmEmail=ops@example.org"]
## the stack, then the web app: web/dist + config.json to the web bucket, CloudFront invalidated
deploy: cfn-lint
	@test -n "$(DEPLOY_BUCKET)" || { echo "set DEPLOY_BUCKET to an S3 bucket for the Lambda zip (see infra/README.md)"; exit 2; }
	$(AWS) cloudformation package --template-file $(PACKAGE_DIR)/sam.json --s3-bucket $(DEPLOY_BUCKET) \
		--s3-prefix $(STACK) --output-template-file $(PACKAGE_DIR)/packaged.yaml
	$(AWS) cloudformation deploy --template-file $(PACKAGE_DIR)/packaged.yaml --stack-name $(STACK) \
		--capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset \
		$(if $(PARAMS),--parameter-overrides $(PARAMS))
	@if [ -f web/dist/index.html ]; then $(BIN)/python -m infra.deploy web --stack $(STACK) --dist web/dist; \
	else echo "no web/dist: web app not published"; fi
	$(AWS) cloudformation describe-stacks --stack-name $(STACK) --query "Stacks[0].Outputs" --output table

## make destroy STAGE=dev: delete the stack (empties the web bucket, and on dev the versioned receipts
## bucket; prod keeps its data resources and needs CONFIRM=conference-grants-prod)
destroy: venv
	@test "$(STAGE)" != prod || test "$(CONFIRM)" = "$(STACK)" || { echo "refusing: add CONFIRM=$(STACK)"; exit 2; }
	$(BIN)/python -m infra.deploy empty --stack $(STACK) $(if $(filter prod,$(STAGE)),--keep-data)
	$(AWS) cloudformation delete-stack --stack-name $(STACK)
	$(AWS) cloudformation wait stack-delete-complete --stack-name $(STACK)

# Keeps .cache/ (the Debian 13 root of the 3.13 leg: slow to remake); clean-py313 removes it.
clean:
	rm -rf $(VENV) .venv313 build .pytest_cache .ruff_cache

clean-py313:
	@! grep -qs " $(CURDIR)/.cache/py313/" /proc/mounts || { echo "a 3.13 run is using .cache/py313 (mounted)"; exit 2; }
	rm -rf .cache/py313 .venv313
