# Skyport: every entry point a developer or CI needs. `make` alone lists them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# No telemetry from any tool, anywhere.
export NEXT_TELEMETRY_DISABLED := 1
export CHECKPOINT_DISABLE := 1
export TURBO_TELEMETRY_DISABLED := 1
export DO_NOT_TRACK := 1
export TURBO_NO_UPDATE_NOTIFIER := 1
# Node 20.19+ is supported here (the image and workflows run 22); the AWS SDK's reminder that its
# 2027 releases need 22 would print at every start of the API and in every test.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED := true

# Environments to synthesize: `make synth ENV=dev` or `ENV=dev,prod`; empty means all.
ENV ?=
export SKYPORT_ENV := $(ENV)

BIN := node_modules/.bin
TURBO := $(BIN)/turbo
INSTALLED := node_modules/.skyport-installed
MANIFESTS := package.json package-lock.json $(wildcard apps/*/package.json) modules/package.json stacks/package.json tools/package.json
SERVICES_ENV := .services/services.env
# Runs a command with the connection variables that scripts/services.sh wrote.
WITH_SERVICES := set -a && . ./$(SERVICES_ENV) && set +a &&

DEPLOY := $(BIN)/tsx tools/deploy/main.ts

.PHONY: docs-modules api-fuzz bootstrap check-vars plan deploy destroy deploy-e2e help install lock check-lock docs browser deploy-web bench-web synth test lint typecheck ci dev services-up services-down services-status clean distclean bench-synth bench-api toolchain validate audit cost

help: ## List the targets
	@echo "Skyport make targets:"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-16s %s\n", $$1, $$2}'
	@echo "Variables: ENV=dev|prod|shared (dev,prod for synth), STACKS=a,b (plan), IMAGE_TAG (deploy), BUCKET and REGION (bootstrap), BASELINE=<commit> (bench-api), BASE, FROM=plan and ACK=broadening (review)"

# npm ci (scripts/install.sh) runs again whenever a manifest or the lock file is newer than the last install.
$(INSTALLED): $(MANIFESTS)
	@scripts/install.sh
	@touch $@

install: $(INSTALLED) ## Install dependencies (npm ci) when node_modules is missing or stale

lock: ## Rewrite package-lock.json after a package.json change: npm install --package-lock-only, then every optional platform entry
	@npm install --package-lock-only --ignore-scripts --no-audit --no-fund
	@node tools/lock/lock.mjs --fix
	@scripts/check-lock.sh

check-lock: ## Check, before installing, that npm ci accepts package-lock.json on a clean clone
	@scripts/check-lock.sh

# Synth rewrites the stacks in place (and drops stacks it no longer writes); it never deletes the
# folder, and plans, lock files and provider caches live in .skyport/, outside it.
synth: $(INSTALLED) ## Synthesize Terraform JSON for every stack into cdktf.out/, and its HCL rendering for reviewers (ENV=dev to pick)
	@$(BIN)/tsx stacks/main.ts
	@echo "wrote cdktf.out/stacks/<stack>/cdk.tf.json (Terraform runs it) and <stack>/hcl/cdk.tf (the same in HCL, to read):"
	@$(BIN)/tsx tools/synth-summary/main.ts cdktf.out

docs: synth ## Rewrite the generated parts of README.md, docs/architecture.md and docs/cost.md (stack counts, variables, cost figures) from cdktf.out
	@$(BIN)/tsx tools/docs/main.ts cdktf.out
	@$(BIN)/tsx tools/cost/main.ts --doc cdktf.out

# Assumptions (traffic, task counts, Spot discount) are printed with the figures; change one with
# COST_<NAME>=value (make cost COST_SPOT_DISCOUNT=0.5) or ARGS='--set spotDiscount=0.5'.
cost: synth ## Monthly cost per environment, stack and line from cdktf.out (ARGS=--json; BASE=<other cdktf.out> for what a change adds)
	@if [[ -n "$(BASE)" ]]; then $(BIN)/tsx tools/cost/main.ts --diff "$(BASE)" cdktf.out $(ARGS); \
	  else $(BIN)/tsx tools/cost/main.ts cdktf.out $(ARGS); fi

# Output of passing workspaces is hidden (a failing one prints all of its own); LOG_LEVEL=info
# shows the app's logs in the API tests. The last line counts every test case.
test: $(INSTALLED) services-up browser graphviz ## Run every workspace's tests (starts PostgreSQL, Redis, RabbitMQ); ends with `test: N passed, N failed`
	@echo "test: every workspace's tests, the API's against the local services (about 2 minutes cold, seconds when turbo has them cached) ..."
	@find . -path ./node_modules -prune -o -type d -name test-results -prune -exec rm -rf {} +
	@rc=0; export MOTO_SERVER=$$(scripts/terraform-toolchain.sh moto); \
	  $(WITH_SERVICES) $(TURBO) run test --continue --output-logs=errors-only || rc=$$?; \
	  $(BIN)/tsx tools/ci-summary/tests-main.ts $$rc

lint: $(INSTALLED) ## ESLint every workspace, check Prettier formatting and the module READMEs' generated props and outputs tables
	@$(TURBO) run lint
	@$(BIN)/prettier --check --log-level warn . && echo "prettier: all files formatted"
	@$(BIN)/tsx tools/module-docs/main.ts --check

# Apart from make docs: these tables come from the TypeScript, not from a synth.
docs-modules: $(INSTALLED) ## Rewrite the props and outputs tables of every modules/<module>/README.md from the props interfaces and construct classes
	@$(BIN)/tsx tools/module-docs/main.ts

typecheck: $(INSTALLED) ## Type-check every workspace with tsc
	@$(TURBO) run typecheck

toolchain: ## Terraform and the hashicorp/aws provider, offline: built once from the Go module proxy into ~/.cache/skyport
	@scripts/terraform-toolchain.sh

validate: $(INSTALLED) toolchain synth ## terraform fmt/validate every stack's HCL, init/validate every stack, plan/apply/destroy them against moto, then make plan/deploy/destroy end to end (deploy-e2e)
	@rc=0; $(BIN)/tsx tools/terraform-validate/hcl-main.ts cdktf.out || rc=$$?; \
	  $(BIN)/tsx tools/terraform-validate/main.ts cdktf.out || rc=$$?; \
	  $(MAKE) deploy-e2e || rc=1; exit $$rc

# Needs terraform and the provider (make toolchain), so it runs with validate, not with make test.
deploy-e2e: $(INSTALLED) toolchain ## make check-vars/plan/deploy/destroy end to end against moto (stand-ins for docker and the AWS CLI), about 5 minutes
	@echo "deploy-e2e: check-vars, plan, deploy (migration first, a failed migration, a rolled-back rollout, a resumed deploy) and destroy against moto, about 5 minutes ..."
	@export MOTO_SERVER=$$(scripts/terraform-toolchain.sh moto); cd tools && mkdir -p test-results && \
	  ../$(BIN)/jest --testMatch '**/deploy/deploy.e2e.ts' --json --outputFile=test-results/jest-deploy-e2e.json 2>&1 | tail -n 20

audit: $(INSTALLED) synth ## checkov on every stack (justified findings only), actionlint, shellcheck; reports/audit/
	@scripts/audit.sh

.PHONY: review
# Two synths by default: BASE is a cdktf.out folder or a commit; without it, the merge base with
# origin/main (else HEAD) synthesized into .skyport/review/. FROM=plan reads what make plan saved.
review: $(INSTALLED) synth ## ENV=<env>: what a change adds, costs and opens up (changes by stack, cost before/after, security table); exit 1 on a broadening change unless ACK=broadening; reports/review/ENV/
	@$(BIN)/tsx tools/review/main.ts --env "$(ENV)" --from "$(FROM)" --base "$(BASE)" --approve "$(ACK)"

# Reads cdktf.out as it is (make synth first when the code changed); the stack comes with the
# address (dev-app/aws_ecs_service.api_...) as make review prints it, or in STACK=.
.PHONY: where
where: $(INSTALLED) ## ADDR=<terraform address> [STACK=<stack>]: the construct path and the file:line that declares each segment
	@$(BIN)/tsx tools/where/main.ts "$(ADDR)" $(if $(STACK),--stack "$(STACK)")

ci: ## What CI runs: lint, typecheck, test, api-fuzz, synth, toolchain, validate, audit, then one summary line
	@scripts/ci.sh

dev: $(INSTALLED) services-up ## Local services, then the API and the worker (reloading) and the web site together
	@$(WITH_SERVICES) $(TURBO) run dev --filter=@skyport/api --filter=@skyport/web

# The deploy path (tools/deploy; docs/runbook.md). Each synthesizes what it needs, works in
# .skyport/ (plans, lock files, logs) and ends with one line saying what happened.
bootstrap: $(INSTALLED) ## Once per AWS account: write BUCKET and REGION into skyport.config.json, then create the state bucket
	@BUCKET="$(BUCKET)" REGION="$(REGION)" $(DEPLOY) bootstrap

check-vars: $(INSTALLED) ## Check environments/ENV.tfvars offline against the variables ENV's stacks declare (typos, missing values, each stack's rules)
	@$(DEPLOY) check-vars

plan: $(INSTALLED) ## Plan every stack of ENV in dependency order (STACKS=a,b for some); table here, full plans in .skyport/plans/ENV/
	@$(DEPLOY) plan

deploy: $(INSTALLED) ## Deploy ENV: apply its stacks in order, push the image (commit SHA), migrate, roll out the services (steady state), publish the site
	@$(DEPLOY) deploy

destroy: $(INSTALLED) ## Destroy a non-production ENV after you type its name (CONFIRM=ENV when not in a terminal)
	@$(DEPLOY) destroy

# The site calls the API at the origin fixed at build time: https://api.<domain_name> in AWS.
deploy-web: $(INSTALLED) ## Build the site for NEXT_PUBLIC_API_URL, upload it to ENV's site bucket (types, caching, deletions), invalidate CloudFront
	@[[ -n "$(ENV)" ]] || { echo "deploy-web: name the environment: make deploy-web ENV=dev NEXT_PUBLIC_API_URL=https://api.example.com" >&2; exit 2; }
	@[[ "$${NEXT_PUBLIC_API_URL:-}" == https://* ]] || { echo "deploy-web: set NEXT_PUBLIC_API_URL to the API's https origin, e.g. https://api.example.com (the site calls it from the browser)" >&2; exit 2; }
	@[[ -f cdktf.out/stacks/$(ENV)-edge/cdk.tf.json ]] || $(MAKE) synth
	@echo "deploy-web: building the site for $$NEXT_PUBLIC_API_URL ..."
	@$(TURBO) run build --filter=@skyport/web --output-logs=errors-only
	@$(BIN)/tsx tools/deploy-web/main.ts $(ENV)

browser: ## Debian's Chromium for the site's browser tests (installed when missing)
	@scripts/browser.sh

.PHONY: diagram graphviz

# Graphviz comes first: on a fresh machine it installs (about a minute) before the synth.
diagram: $(INSTALLED) graphviz synth ## Draw each environment from the synthesized JSON into docs/diagrams/<env>.svg with Graphviz (the Mermaid version in docs/architecture.md comes with make docs)
	@echo "diagram: drawing each environment's architecture from cdktf.out with Graphviz (dot) ..."
	@$(BIN)/tsx tools/diagram/main.ts cdktf.out

graphviz: ## Debian's Graphviz (dot) and xmllint for make diagram and its tests (installed when missing)
	@scripts/graphviz.sh

services-up: ## Start local PostgreSQL, Redis and RabbitMQ on loopback (idempotent)
	@scripts/services.sh up

services-down: ## Stop the local services this project started
	@scripts/services.sh down

services-status: ## Show which local services are up
	@scripts/services.sh status

bench-synth: $(INSTALLED) ## Time a synth of every stack (prints figures)
	@scripts/bench-synth.sh

# `make bench-api BASELINE=b52e670` also measures that commit's API (built once in
# ~/.cache/skyport/bench-api/<sha>), alternating with the current one; no baseline by default.
BASELINE ?=

bench-api: $(INSTALLED) services-up ## Requests/s and p50/p99 of the API's production build at 64 connections; BASELINE=<commit> compares with that commit's API in the same run (prints figures)
	@$(TURBO) run build --filter=@skyport/api --output-logs=errors-only
	@$(WITH_SERVICES) BENCH_BASELINE="$(BASELINE)" $(BIN)/tsx tools/bench-api/main.ts

api-fuzz: $(INSTALLED) services-up ## Schemathesis, every check, against the API's production build from its OpenAPI document, anonymous and as the owner
	@$(TURBO) run build --filter=@skyport/api --output-logs=errors-only
	@$(WITH_SERVICES) $(BIN)/tsx tools/api-fuzz/main.ts "$$(scripts/api-fuzz-tools.sh)"

bench-web: $(INSTALLED) services-up browser ## Lighthouse scores (mobile) and first-load JS of home, projects and a project page (prints figures)
	@$(TURBO) run build --filter=@skyport/web --filter=@skyport/api --output-logs=errors-only
	@$(WITH_SERVICES) CHROME_PATH=/usr/bin/chromium $(BIN)/tsx apps/web/e2e/bench-web.ts

clean: ## Remove everything generated (keeps node_modules and service data)
	rm -rf cdktf.out .gen reports .validate .turbo apps/api/dist apps/web/out apps/web/.next apps/web/next-env.d.ts
	find . -path ./node_modules -prune -o \( -name test-results -o -name coverage -o -name .turbo -o -name '*.tsbuildinfo' \) -prune -exec rm -rf {} +

distclean: clean services-down ## clean, stop services, and remove node_modules and service data
	rm -rf node_modules apps/*/node_modules .services
