# Two commands on a fresh machine: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAGE  ?= dev
PORT   ?= 8000
REQ_HASH := $(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
STAMP  := $(VENV)/.installed-$(REQ_HASH)
PYTEST_ARGS ?=

.PHONY: venv run test test-all lint bench package deploy destroy clean browser-deps
.PHONY: web-deps web-openapi web-build web-test
WEB_PORT ?= 8080
WEB_STAMP := web/node_modules/.installed-$(shell cat web/package-lock.json 2>/dev/null | sha1sum | cut -c1-12)

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

## make run: emulator + tables/bucket/key + demo data + API on 127.0.0.1:$(PORT) + event pump
## + the web app on 127.0.0.1:$(WEB_PORT) (built once; open that URL first)
run: venv web-build
	@PORT=$(PORT) WEB_PORT=$(WEB_PORT) $(BIN)/python -m devstack.run

## ---- The web app (web/, see web/README.md): Node 20+, npm.
## make web-deps: npm ci, once per package-lock.json
$(WEB_STAMP): web/package-lock.json
	@command -v npm >/dev/null || { echo "the web app needs Node.js 20+ and npm (apt-get install nodejs npm)"; exit 2; }
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@rm -f web/node_modules/.installed-* && touch $@

web-deps: $(WEB_STAMP)

## make web-openapi: web/openapi.json from the app's own OpenAPI document (the typed client's source)
web-openapi: venv
	@$(BIN)/python -m devstack.export_openapi web/openapi.json

## make web-build: typed client + type-check + production bundle in web/dist
web-build: web-deps web-openapi
	cd web && npm run --silent build

## make web-test: type-check, lint and unit tests of the web app
web-test: web-deps web-openapi
	cd web && npm run --silent typecheck && npm run --silent lint && npm run --silent test

## make browser-deps: Debian's chromium and Node.js/npm for the web app's journeys (idempotent)
browser-deps:
	@bash tests/browser/install-deps.sh

## make test: lint, then the whole suite (unit, API, local stack, a real browser, the offline template checks)
test: venv browser-deps web-test web-build
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -m "not slow" $(PYTEST_ARGS)

## make test-all: also the long, marked tests
test-all: venv browser-deps web-test web-build
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .

bench: venv
	$(BIN)/python -m bench

# ---- AWS (see infra/README.md). `package` and `cfn-lint` need no AWS account.
STACK        ?= conference-grants-$(STAGE)
PACKAGE_DIR  ?= build/package
DEPLOY_BUCKET ?=
PARAMS       ?=
AWS          ?= aws
.PHONY: cfn-lint

## make package STAGE=prod: offline; writes $(PACKAGE_DIR)/sam.json, deployment.zip, manifest.json
package: venv
	$(BIN)/python -m infra.build --stage $(STAGE) --out $(PACKAGE_DIR)

## make cfn-lint STAGE=prod: package, then validate the template and its offline SAM expansion
cfn-lint: package
	$(BIN)/cfn-lint $(PACKAGE_DIR)/sam.json $(PACKAGE_DIR)/cloudformation.json

## make deploy STAGE=dev DEPLOY_BUCKET=my-artifacts [PARAMS="AlarmEmail=ops@example.org"]
deploy: cfn-lint
	@test -n "$(DEPLOY_BUCKET)" || { echo "set DEPLOY_BUCKET to an S3 bucket for the Lambda zip (see infra/README.md)"; exit 2; }
	$(AWS) cloudformation package --template-file $(PACKAGE_DIR)/sam.json --s3-bucket $(DEPLOY_BUCKET) \
		--s3-prefix $(STACK) --output-template-file $(PACKAGE_DIR)/packaged.yaml
	$(AWS) cloudformation deploy --template-file $(PACKAGE_DIR)/packaged.yaml --stack-name $(STACK) \
		--capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset \
		$(if $(PARAMS),--parameter-overrides $(PARAMS))
	$(AWS) cloudformation describe-stacks --stack-name $(STACK) --query "Stacks[0].Outputs" --output table

## make destroy STAGE=dev: delete the stack (dev: empties the receipts bucket first; prod keeps its data
## resources and needs CONFIRM=conference-grants-prod)
destroy:
	@test "$(STAGE)" != prod || test "$(CONFIRM)" = "$(STACK)" || { echo "refusing: add CONFIRM=$(STACK)"; exit 2; }
	@bucket=$$($(AWS) cloudformation describe-stacks --stack-name $(STACK) \
		--query "Stacks[0].Outputs[?OutputKey=='ReceiptsBucketName'].OutputValue" --output text); \
	if [ "$(STAGE)" != prod ] && [ -n "$$bucket" ] && [ "$$bucket" != None ]; then \
		$(AWS) s3 rm "s3://$$bucket" --recursive; fi
	$(AWS) cloudformation delete-stack --stack-name $(STACK)
	$(AWS) cloudformation wait stack-delete-complete --stack-name $(STACK)

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
