# Two commands on a fresh machine: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAGE  ?= dev
PORT   ?= 8000
REQ_HASH := $(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
STAMP  := $(VENV)/.installed-$(REQ_HASH)
# cfn-lint + aws-sam-translator in their own venv: the translator pins an older pydantic
# than the app ships (requirements-tools.txt says more).
TOOLS  := $(VENV)/tools
TOOLS_HASH := $(shell sha1sum requirements-tools.txt | cut -c1-12)
TOOLS_STAMP := $(TOOLS)/.installed-$(TOOLS_HASH)
PYTEST_ARGS ?=

.PHONY: venv tools lock run test test-all lint bench package deploy destroy clean browser-deps

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
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

## make run: emulator + tables/bucket/key + demo data + API on 127.0.0.1:$(PORT) + event pump
run: venv
	@PORT=$(PORT) $(BIN)/python -m devstack.run

## make browser-deps: Debian's chromium + the pinned playwright-core for tests/browser (idempotent)
browser-deps:
	@bash tests/browser/install-deps.sh

## make test: lint, then the whole suite (unit, API, local stack, a real browser, the offline template checks)
test: tools browser-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -m "not slow" $(PYTEST_ARGS)

## make test-all: also the long, marked tests
test-all: tools browser-deps
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .

bench: tools
	$(BIN)/python -m bench

# ---- AWS (see infra/README.md). `package` and `cfn-lint` need no AWS account.
STACK        ?= conference-grants-$(STAGE)
PACKAGE_DIR  ?= build/package
DEPLOY_BUCKET ?=
PARAMS       ?=
AWS          ?= aws
.PHONY: cfn-lint

## make package STAGE=prod: offline; writes $(PACKAGE_DIR)/sam.json, deployment.zip, manifest.json
package: tools
	$(BIN)/python -m infra.build --stage $(STAGE) --out $(PACKAGE_DIR)

## make cfn-lint STAGE=prod: package, then validate the template and its offline SAM expansion
cfn-lint: package
	$(TOOLS)/bin/cfn-lint $(PACKAGE_DIR)/sam.json $(PACKAGE_DIR)/cloudformation.json

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
