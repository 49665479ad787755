# Developer and CI entry points. `make` (or `make help`) lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Targets depend on each other in order (deps before lint before tests);
# never let `make -j` reorder them. Cargo parallelises the builds itself.
.NOTPARALLEL:

# Keep in sync with the port table in scripts/run.sh.
SERVICES := gateway auth inventory gacha battle room leaderboard ai asset

CARGO ?= cargo
DOCKER ?= docker
IMAGE_PREFIX ?= gameplatform
IMAGE_TAG ?= dev

DOCKER_TARGETS := $(addprefix docker-,$(SERVICES))

.PHONY: help deps test-deps run stop build release fmt lint test k8s-validate docker \
	$(DOCKER_TARGETS) bench chaos clean sdk-deps sdk sdk-check sdk-openapi sdk-test sdk-integration demo demo-check browser-test fuzz

help: ## List the targets
	@echo "Usage: make <target>"
	@echo
	@awk 'BEGIN { FS = ":.*## " } /^[a-zA-Z0-9_-]+:.*## / { printf "  %-14s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo
	@echo "Services: $(SERVICES)"
	@echo "make run honours PROFILE=release and SERVICES=\"gateway auth ...\"."

deps: ## Make sure PostgreSQL and Redis run on 127.0.0.1 (installs/starts them)
	bash scripts/ensure-deps.sh

test-deps: ## deps, plus the servers tests start themselves (aiosmtpd in .run/pyenv, moto in .run/moto)
	bash scripts/ensure-deps.sh --test

run: ## Build and run all services locally (Ctrl-C or `make stop` to stop)
	SERVICES="$(SERVICES)" bash scripts/run.sh

stop: ## Stop the services started by `make run`
	bash scripts/stop.sh

build: ## Build everything (debug): binaries, tests, benches, examples
	$(CARGO) build --workspace --all-targets

release: ## Build the service binaries with the release profile
	$(CARGO) build --workspace --release --bins

fmt: ## Format all code
	$(CARGO) fmt --all

lint: ## Check formatting and run clippy with warnings as errors
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# One `cargo test` over the whole workspace: a single build, a single run, no
# retries (flaky tests must be fixed, not hidden).
test: test-deps lint ## test-deps, lint, all workspace tests, the SDK and demo checks and browser tests, then k8s-validate
	RUST_BACKTRACE=1 $(CARGO) test --workspace
	@$(MAKE) --no-print-directory sdk-check demo-check sdk-test sdk-integration browser-test
	@$(MAKE) --no-print-directory k8s-validate

k8s-validate: ## Validate the Kubernetes manifests under deploy/
	bash scripts/k8s-validate.sh

docker: $(DOCKER_TARGETS) ## Build a Docker image per service (docker-<svc> for one)

$(DOCKER_TARGETS): docker-%:
	$(DOCKER) build -f deploy/docker/Dockerfile --build-arg SERVICE=$* \
		-t $(IMAGE_PREFIX)/$*:$(IMAGE_TAG) .

SDK_DIR := clients/typescript

# npm ci only when the lock file changed since the last install.
sdk-deps: ## Install the TypeScript SDK's pinned npm packages (clients/typescript)
	@if [ ! -f $(SDK_DIR)/node_modules/.package-lock.json ] || \
		[ $(SDK_DIR)/package-lock.json -nt $(SDK_DIR)/node_modules/.package-lock.json ]; then \
		cd $(SDK_DIR) && npm ci --no-audit --no-fund; fi

sdk: sdk-deps ## Regenerate the SDK's types from clients/typescript/openapi/*.json
	cd $(SDK_DIR) && node scripts/generate.mjs

sdk-check: sdk-deps ## Fail when the SDK's committed types do not match the committed specs
	cd $(SDK_DIR) && node scripts/generate.mjs --check

sdk-openapi: sdk-deps ## Refresh clients/typescript/openapi/ from a running stack (GATEWAY_URL, default make run's)
	cd $(SDK_DIR) && node scripts/refresh-openapi.mjs $${GATEWAY_URL:-http://127.0.0.1:8080}
	@$(MAKE) --no-print-directory sdk

sdk-test: sdk-deps ## The SDK's unit tests (node --test against a fake gateway)
	cd $(SDK_DIR) && npm test

sdk-integration: sdk-deps ## The SDK against a private stack of the debug binaries: replay after a gateway restart
	bash $(SDK_DIR)/scripts/integration.sh

demo: sdk-deps ## Rebuild the demo client (clients/typescript/demo/dist, served by the gateway at /play/)
	cd $(SDK_DIR) && npx tsc -p demo/tsconfig.json && node scripts/build-demo.mjs

demo-check: sdk-deps ## Fail when the committed demo build does not match its sources
	cd $(SDK_DIR) && npx tsc -p demo/tsconfig.json && node scripts/build-demo.mjs --check

browser-test: sdk-deps ## The demo in Debian's chromium (playwright-core) against a private stack of the debug binaries
	bash $(SDK_DIR)/scripts/browser-test.sh

fuzz: ## schemathesis against every service's OpenAPI through a private stack's gateway (scripts/fuzz.sh)
	bash scripts/fuzz.sh

bench: ## Run the benchmarks
	$(CARGO) bench --workspace

# The chaos binary is run directly, not through `cargo run -p chaos`: a one-package cargo
# command resolves features for that package alone and would rebuild shared dependencies.
# `--tests` makes the feature resolution the one `cargo test --workspace` uses (dev-dependencies
# included), so after `make test` nothing is rebuilt; `--bins` alone rebuilt every service.
CHAOS_PROFILE ?= ci
chaos: ## Whole stack x2 under load while processes, Redis and PostgreSQL die; invariants checked (CHAOS_PROFILE=ci|full)
	$(CARGO) build --workspace --bins --tests
	CHAOS_PROFILE=$(CHAOS_PROFILE) $${CARGO_TARGET_DIR:-target}/debug/chaos

clean: ## Stop services, remove build output and .run/
	-bash scripts/stop.sh
	$(CARGO) clean
	rm -rf .run
