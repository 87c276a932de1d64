# ticketbooth — every command a developer or CI needs. Only Go is required.
GO       ?= go
FUNCS    := usersig privatemapkey roomurl
BENCHTIME ?= 1s
FUZZTIME ?= 15s

.PHONY: all test vet unit kit browser bench fuzz mutate lint vuln cli build package deploy-aws deploy-scf smoke run clean

all: test

## test: vet, race-enabled tests for both platform builds, the cross-compiled, zipped, checked functions,
## the mini-program kit's Node tests (kit) and the console's browser tests (browser; skipped, loudly,
## without Chromium)
test: vet unit package kit browser

# Every Go command that is not -race runs with NORACE: no cgo, -trimpath, like the function builds.
# Then vet, the CLI, the binaries tests build and (on linux/amd64) the SCF functions share one
# compiled copy of each package, and a copy of the repository elsewhere reuses it.
NORACE = CGO_ENABLED=0
# The race detector runs on every package but the root one: deploy_test.go only parses the
# deployment files (no concurrency), and its CloudFormation parser (goformation, 7,000 files) is
# most of the compiling; built once without -race, it is shared with vet.
ROOT_PKG = github.com/ticketbooth/ticketbooth

vet:
	$(NORACE) $(GO) vet -trimpath ./...
	$(NORACE) $(GO) vet -trimpath -tags scf ./...

# The Lambda end-to-end tests run the functions under AWS's Lambda Runtime Interface Emulator,
# built from the Go module proxy with its own go.mod (the version faastest.EmulatorVersion pins).
RIE_VERSION := v0.0.0-20261030222936-bef5c4ba774d
RIE         := bin/aws-lambda-rie
export FAASTEST_RIE := $(CURDIR)/$(RIE)

$(RIE):
	GOBIN=$(CURDIR)/bin CGO_ENABLED=0 GOFLAGS=-trimpath $(GO) install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$(RIE_VERSION)

unit: $(RIE)
	pkgs="$$($(GO) list ./... | grep -vx '$(ROOT_PKG)')" && test -n "$$pkgs" && $(GO) test -race -count=1 $$pkgs
	$(GO) test -race -count=1 -tags scf ./shared/... ./functions/...
	$(NORACE) $(GO) test -trimpath -count=1 .

## kit: the mini-program kit's and the cloud function's Node tests against a real `ticketbooth serve`
## and the SCF function binaries, built here (needs Node >= 18; npm ci installs their dev
## dependencies from the committed lockfiles)
NODE ?= node
NPM  ?= npm
KIT_DIRS := clients/miniprogram clients/cloudfunction
kit:
	@command -v $(NODE) >/dev/null 2>&1 || { echo "make kit: Node.js is not installed. The mini-program kit's tests need Node >= 18: install it (https://nodejs.org, or your package manager, e.g. apt-get install nodejs npm) and run make test again."; exit 1; }
	@$(NODE) -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)' || { echo "make kit: Node $$($(NODE) --version) is too old. The mini-program kit's tests need Node >= 18: install a newer Node and run make test again."; exit 1; }
	@# npm ci from the committed lockfile; skipped when node_modules was installed from this very lockfile
	@for d in $(KIT_DIRS); do (cd $$d && { cmp -s package-lock.json node_modules/.installed-lock 2>/dev/null || \
	  { $(NPM) ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock; }; }) || exit 1; done
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  $(NORACE) $(GO) build -trimpath -o "$$tmp/ticketbooth" ./cmd/ticketbooth; \
	  mkdir "$$tmp/scf"; $(NORACE) $(GO) build -trimpath -tags scf -o "$$tmp/scf/" $(addprefix ./functions/,$(FUNCS)) ./clients/miniprogram/test/scfinvoke; \
	  TICKETBOOTH_BIN="$$tmp/ticketbooth" TICKETBOOTH_SCF_DIR="$$tmp/scf" $(NODE) --test $(foreach d,$(KIT_DIRS),$(wildcard $(d)/test/*.test.js))

## bench: the request path side by side with the 20-line alternative (the Handler per route and auth method,
## serve under load, each function under AWS's Lambda emulator against a hello-world) and the signing core
## against Tencent's libraries, in BENCHCOUNT rounds (so each pair is measured side by side every round);
## prints the table of docs/BENCHMARKS.md
BENCHCOUNT ?= 3
LAMBDA_BENCHTIME ?= 20x
BENCH_OUT := build/bench
bench: $(RIE)
	$(GO) build -o bin/ticketbooth ./cmd/ticketbooth
	@for f in $(FUNCS); do $(HOST_LAMBDA_BUILD) -o $(BENCH_OUT)/$$f/bootstrap ./functions/$$f || exit 1; done
	$(HOST_LAMBDA_BUILD) -o $(BENCH_OUT)/hello/bootstrap ./internal/benchmark/testdata/hello
	@set -e; export BENCH_TICKETBOOTH=$(CURDIR)/bin/ticketbooth BENCH_LAMBDA_DIR=$(CURDIR)/$(BENCH_OUT); \
	  rm -f $(BENCH_OUT)/*.txt; bench() { $(GO) test -run '^$$' -bench "$$1" -benchtime $$2 -benchmem $$3 >> $(BENCH_OUT)/$$4.txt; }; \
	  for i in $$(seq $(BENCHCOUNT)); do \
	    echo "round $$i of $(BENCHCOUNT): Handler, serve, Lambda, Invoke, tlssig"; \
	    bench '^BenchmarkHandler$$' $(BENCHTIME) ./internal/benchmark handler; \
	    bench '^BenchmarkServe$$' 1x ./internal/benchmark serve; \
	    bench '^BenchmarkLambda$$' $(LAMBDA_BENCHTIME) ./internal/benchmark lambda; \
	    bench '^BenchmarkInvoke$$' $(BENCHTIME) ./internal/benchmark lambda; \
	    bench . $(BENCHTIME) ./shared/tlssig/ tlssig; \
	  done
	@grep -h -E '^(goos|goarch|cpu):' $(BENCH_OUT)/handler.txt | sort -u
	$(GO) run ./scripts/benchtable $(BENCH_OUT)/handler.txt $(BENCH_OUT)/serve.txt $(BENCH_OUT)/lambda.txt $(BENCH_OUT)/tlssig.txt

## browser: the console in Debian's Chromium (CHROMIUM, default /usr/bin/chromium) driven by
## playwright-core against a real `ticketbooth serve`; screenshots in internal/console/browsertest/artifacts/
CHROMIUM ?= /usr/bin/chromium
BROWSERTEST := internal/console/browsertest
browser:
	@if [ ! -x "$(CHROMIUM)" ] || ! command -v npm >/dev/null 2>&1; then \
	  echo '################################################################################'; \
	  echo '#  SKIPPED: the console browser tests need Chromium at $(CHROMIUM) and npm.      '; \
	  echo '#  Get them with:  sudo apt-get install -y chromium fonts-wqy-microhei nodejs npm '; \
	  echo '#  (never a downloaded browser), then run: make browser                          '; \
	  echo '################################################################################'; \
	  exit 0; fi; \
	set -e; $(NORACE) $(GO) build -trimpath -o bin/ticketbooth ./cmd/ticketbooth; \
	cd $(BROWSERTEST) && npm ci --no-audit --no-fund --silent && \
	  CHROMIUM="$(CHROMIUM)" TICKETBOOTH_BIN="$(CURDIR)/bin/ticketbooth" node --test --test-concurrency=1 console.test.js

## fuzz: every fuzz target, in both platform builds, for FUZZTIME each
fuzz:
	@set -e; for tags in "" scf; do \
	  for pkg in $$($(GO) list -tags "$$tags" ./...); do \
	    for t in $$($(GO) test -tags "$$tags" -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	      if [ -n "$$tags" ] && $(GO) test -list "^$$t$$" $$pkg 2>/dev/null | grep -q "^$$t$$"; then continue; fi; \
	      echo "fuzz $$pkg $$t $${tags:+(-tags $$tags)}"; \
	      $(GO) test -tags "$$tags" -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	    done; done; done

## mutate: mutation testing (gremlins, built at a pinned version) of tlssig, auth, policy, secrets and api;
## slow (each mutant rebuilds and reruns its package's tests), so not part of make test.
## MUTATE=tlssig picks packages; the per-package reports land in build/mutate/. MUTATE_FLAGS adds
## gremlins options: on a shared machine '--workers 1'; never --test-cpu, which v0.6.0 passes to
## go test as one bad argument, so every mutant reads as killed (docs/MUTATION.md).
MUTATE ?= tlssig auth policy secrets api
MUTATE_FLAGS ?=
mutate:
	GOBIN=$(CURDIR)/bin $(GO) install github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0
	@mkdir -p build/mutate; set -e; for p in $(MUTATE); do \
	  echo "mutate shared/$$p"; \
	  bin/gremlins unleash --timeout-coefficient 10 $(MUTATE_FLAGS) -E 'test/' -o build/mutate/$$p.json ./shared/$$p | tee build/mutate/$$p.txt; \
	done

## lint: gofmt, vet and staticcheck (fetched at a pinned version) for both platform builds
lint: vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags scf ./...

## vuln: govulncheck (pinned); it needs https://vuln.go.dev, so it is not part of the offline test
vuln:
	$(GO) run golang.org/x/vuln/cmd/govulncheck@v1.9.0 ./...

## build: the CLI, and every function for AWS (linux/arm64) and Tencent SCF (linux/amd64)
# One command line per cloud, shared by `build`, `package` and SAM's build-<LogicalId> targets.
LAMBDA_BUILD = GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build -tags lambda.norpc -trimpath -ldflags "-s -w"
# The same for this machine's architecture: what make bench runs under the Lambda emulator.
HOST_LAMBDA_BUILD = $(subst GOARCH=arm64 ,,$(LAMBDA_BUILD))
SCF_BUILD    = GOOS=linux GOARCH=amd64 CGO_ENABLED=0 $(GO) build -tags scf -trimpath -ldflags "-s -w"

## cli: bin/ticketbooth only
cli:
	$(NORACE) $(GO) build -trimpath -o bin/ticketbooth ./cmd/ticketbooth

build: cli
	@for f in $(FUNCS); do \
	  $(LAMBDA_BUILD) -o build/aws/$$f/bootstrap ./functions/$$f || exit 1; \
	  $(SCF_BUILD) -o build/scf/$$f/main ./functions/$$f || exit 1; \
	done

## package: one zip per function per cloud (build/aws/<fn>.zip holding bootstrap, build/scf/<fn>.zip
## holding main), written and checked (ELF, architecture, mode 0755, size) with Go only
package: build
	$(NORACE) $(GO) build -trimpath -o bin/zipper ./scripts/zipper
	@for f in $(FUNCS); do \
	  bin/zipper -o build/aws/$$f.zip -arch arm64 bootstrap=build/aws/$$f/bootstrap || exit 1; \
	  bin/zipper -o build/scf/$$f.zip -arch amd64 main=build/scf/$$f/main || exit 1; \
	done
	REQUIRE_PACKAGES=1 $(NORACE) $(GO) test -trimpath -count=1 -run '^TestPackagedZips$$' .

# SAM (template.yaml, Metadata BuildMethod: makefile) runs these with ARTIFACTS_DIR set.
build-UserSigFunction:
	$(LAMBDA_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/usersig

build-PrivateMapKeyFunction:
	$(LAMBDA_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/privatemapkey

build-RoomUrlFunction:
	$(LAMBDA_BUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/roomurl

## deploy-aws: sam build, then sam deploy (--guided the first time, when there is no samconfig.toml)
deploy-aws:
	sam build
	@if [ -f samconfig.toml ]; then sam deploy; else sam deploy --guided; fi

## deploy-scf: the functions and API Gateway on Tencent SCF (serverless.yml, multi-scf component)
SCF_CLI ?= $(shell command -v scf >/dev/null 2>&1 && echo scf || echo "npx --yes serverless@3")
deploy-scf: build
	$(SCF_CLI) deploy

## smoke: call /healthz and the three routes of URL (scripts/smoke.sh; API_KEY, TOKEN, USER_ID, ROOM_ID, KEY...)
smoke:
	@test -n "$(URL)" || (echo "usage: make smoke URL=https://… [API_KEY=… | TOKEN=…] [USER_ID=…] [ROOM_ID=…]"; exit 2)
	@$(MAKE) --no-print-directory cli
	URL="$(URL)" CLI=bin/ticketbooth bash scripts/smoke.sh

## run: the local server on ADDR (127.0.0.1:8080) with generated development keys
ADDR ?= 127.0.0.1:8080
run: cli
	@exec bin/ticketbooth serve --addr $(ADDR)

clean:
	rm -rf bin build $(BROWSERTEST)/node_modules $(BROWSERTEST)/artifacts
