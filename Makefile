# ticketbooth — every command a developer or CI needs. Only Go is required.
GO       ?= go
FUNCS    := usersig privatemapkey roomurl
BENCHTIME ?= 1s
FUZZTIME ?= 15s

.PHONY: all test vet unit unit-race unit-norace race-build npm-install build-aws kit browser bench fuzz mutate lint vuln cli build package deploy-aws deploy-scf smoke run clean

all: test

## test: vet, the tests (the race detector on the packages with concurrency, both platform builds),
## the cross-compiled, zipped, checked functions, the mini-program kit's Node tests (kit) and the
## console's browser tests (browser; skipped, loudly, without Chromium)
# In two phases of TEST_JOBS concurrent jobs, so that both cores of a small machine stay busy and
# nothing is compiled twice: first the three builds that share no compiled package (vet's no-race
# host build, the race build, the linux/arm64 functions) and the npm installs; then the tests, the
# zips and the Node tests, which reuse what the first phase compiled.
TEST_JOBS ?= 2
test:
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) -Oline vet race-build build-aws npm-install
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) -Oline unit package kit browser

# Every Go command that is not -race runs with NORACE: no cgo, -trimpath, like the function builds.
# Then vet, the CLI, the tests without the race detector, the binaries tests build and (on
# linux/amd64) the SCF functions share one compiled copy of each package, and a copy of the
# repository elsewhere reuses it.
NORACE = CGO_ENABLED=0
ROOT_PKG = github.com/ticketbooth/ticketbooth

# go vet caches its findings per tag set, so the scf pass re-analyses every dependency it reaches:
# it vets only the packages whose code can differ under the tag (SCF_PKGS and what imports them,
# tests included), not those that are the same code either way. The root package is left out too:
# its tests (deploy_test.go, race_test.go) have no tagged file and read only shared/api's route
# table, the same in both builds, and re-vetting their goformation (some 7,000 files) would be a
# quarter of the pass.
vet:
	$(NORACE) $(GO) vet -trimpath ./...
	@set -e; roots="$$($(GO) list -tags scf $(SCF_PKGS) | tr '\n' ' ')"; \
	  pkgs="$$($(GO) list -tags scf -test -f '{{.ImportPath}} {{join .Deps " "}}' ./... | \
	    awk -v roots="$$roots" 'BEGIN { split(roots, r, " "); for (i in r) root[r[i]] = 1 } \
	      { p = $$1; sub(/(\.test|_test)$$/, "", p); if (p == "$(ROOT_PKG)") next; for (i = 1; i <= NF; i++) if ($$i in root) { if (!(p in seen)) print p; seen[p] = 1; break } }')"; \
	  test -n "$$pkgs"; echo "$(NORACE) $(GO) vet -trimpath -tags scf <SCF_PKGS and the packages that import them>"; \
	  $(NORACE) $(GO) vet -trimpath -tags scf $$pkgs

# The race detector runs on the packages whose own code shares memory between goroutines:
#   shared/tlssig (pooled signers and scratch buffers), shared/secrets (the cache: one fetch for
#   concurrent Gets, background refresh), shared/auth (the JWKS cache), shared/api (the signer
#   cache, pooled buffers; the Handler serves concurrent requests), internal/batchwrite (the
#   timer-flushed log writer), internal/logscan (the shared capture buffer), shared/faas/faastest
#   (process and emulator supervision), cmd/ticketbooth (serve, run in-process by its tests).
# The others have no goroutine or shared state of their own (their tests drive built binaries,
# parse files or call pure functions); they run without it and share vet's compiled packages.
# TestRacePackages (race_test.go) fails when a package with goroutines or sync is not listed here.
RACE_PKGS := ./shared/tlssig ./shared/secrets ./shared/auth ./shared/api ./internal/batchwrite \
	./internal/logscan ./shared/faas/faastest ./cmd/ticketbooth
# The packages whose own files differ under -tags scf: only they run their tests a second time
# with it (the others compile the same code of their own either way). TestRacePackages checks it.
SCF_PKGS := ./shared/secrets ./shared/faas ./functions

# The Lambda end-to-end tests run the functions under AWS's Lambda Runtime Interface Emulator,
# built from the Go module proxy with its own go.mod (the version faastest.EmulatorVersion pins).
RIE_VERSION := v0.0.0-20261030222936-bef5c4ba774d
RIE         := bin/aws-lambda-rie
export FAASTEST_RIE := $(CURDIR)/$(RIE)

$(RIE):
	GOBIN=$(CURDIR)/bin CGO_ENABLED=0 GOFLAGS=-trimpath $(GO) install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$(RIE_VERSION)

## unit: the Go tests: RACE_PKGS with the race detector, the others without, SCF_PKGS again with -tags scf
unit: unit-race unit-norace

# race-build: the race detector's compile of RACE_PKGS and their dependencies (the first phase of test)
race-build:
	$(GO) build -race $(RACE_PKGS)

unit-race: $(RIE)
	$(GO) test -race -count=1 $(RACE_PKGS)
	$(GO) test -race -count=1 -tags scf $(filter $(SCF_PKGS),$(RACE_PKGS))

# TestPackagedZips is left to the package target, which runs it once the zips are written (under
# make test the two run at the same time).
unit-norace: $(RIE)
	@set -e; race="$$($(GO) list $(RACE_PKGS))"; pkgs="$$($(GO) list ./... | grep -vxF "$$race")"; test -n "$$pkgs"; \
	  echo "$(NORACE) $(GO) test -trimpath -count=1 -skip '^TestPackagedZips$$' <the packages not in RACE_PKGS>"; \
	  $(NORACE) $(GO) test -trimpath -count=1 -skip '^TestPackagedZips$$' $$pkgs
	$(NORACE) $(GO) test -trimpath -count=1 -tags scf $(filter-out $(RACE_PKGS),$(SCF_PKGS))

## kit: the mini-program kit's and the cloud function's Node tests against a real `ticketbooth serve`
## and the SCF function binaries, built here (needs Node >= 18; npm ci installs their dev
## dependencies from the committed lockfiles)
NODE ?= node
NPM  ?= npm
KIT_DIRS := clients/miniprogram clients/cloudfunction
# npm ci from the committed lockfile, in the current directory; skipped when node_modules was
# installed from this very lockfile.
NPM_CI = cmp -s package-lock.json node_modules/.installed-lock 2>/dev/null || \
	{ $(NPM) ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock; }
kit:
	@command -v $(NODE) >/dev/null 2>&1 || { echo "make kit: Node.js is not installed. The mini-program kit's tests need Node >= 18: install it (https://nodejs.org, or your package manager, e.g. apt-get install nodejs npm) and run make test again."; exit 1; }
	@$(NODE) -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)' || { echo "make kit: Node $$($(NODE) --version) is too old. The mini-program kit's tests need Node >= 18: install a newer Node and run make test again."; exit 1; }
	@for d in $(KIT_DIRS); do (cd $$d && $(NPM_CI)) || exit 1; done
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  $(NORACE) $(GO) build -trimpath -o "$$tmp/ticketbooth" ./cmd/ticketbooth; \
	  mkdir "$$tmp/scf"; $(NORACE) $(GO) build -trimpath -tags scf -o "$$tmp/scf/" $(addprefix ./functions/,$(FUNCS)) ./clients/miniprogram/test/scfinvoke; \
	  TICKETBOOTH_BIN="$$tmp/ticketbooth" TICKETBOOTH_SCF_DIR="$$tmp/scf" $(NODE) --test $(foreach d,$(KIT_DIRS),$(wildcard $(d)/test/*.test.js))

# npm-install: the kit's and (with Chromium) the browser tests' npm ci, in the first phase of test
# while Go compiles; without npm it does nothing (kit then says what to install).
CHROMIUM ?= /usr/bin/chromium
BROWSERTEST := internal/console/browsertest
NPM_DIRS := $(KIT_DIRS) $(if $(wildcard $(CHROMIUM)),$(BROWSERTEST))
npm-install: $(addprefix npm-ci/,$(NPM_DIRS))
npm-ci/%:
	@if command -v $(NPM) >/dev/null 2>&1; then cd $* && $(NPM_CI); fi

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
browser:
	@if [ ! -x "$(CHROMIUM)" ] || ! command -v npm >/dev/null 2>&1; then \
	  echo '################################################################################'; \
	  echo '#  SKIPPED: the console browser tests need Chromium at $(CHROMIUM) and npm.      '; \
	  echo '#  Get them with:  sudo apt-get install -y chromium fonts-wqy-microhei nodejs npm '; \
	  echo '#  (never a downloaded browser), then run: make browser                          '; \
	  echo '################################################################################'; \
	  exit 0; fi; \
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(NORACE) $(GO) build -trimpath -o "$$tmp/ticketbooth" ./cmd/ticketbooth; \
	cd $(BROWSERTEST) && { $(NPM_CI); } && \
	  CHROMIUM="$(CHROMIUM)" TICKETBOOTH_BIN="$$tmp/ticketbooth" node --test --test-concurrency=1 console.test.js

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
## secrets is run twice: as built by default, then with -tags scf over the one file only that
## build compiles (source_ssm.go); SCF_ONLY_EXCLUDE names every other file.
MUTATE ?= tlssig auth policy secrets api
MUTATE_FLAGS ?=
empty :=
space := $(empty) $(empty)
SCF_ONLY_EXCLUDE = (^|/)($(subst $(space),|,$(basename $(notdir $(filter-out %_test.go %/source_ssm.go,$(wildcard shared/secrets/*.go))))))\.go$$
mutate:
	GOBIN=$(CURDIR)/bin $(GO) install github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0
	@mkdir -p build/mutate; set -e; for p in $(MUTATE); do \
	  echo "mutate shared/$$p"; \
	  bin/gremlins unleash --timeout-coefficient 10 $(MUTATE_FLAGS) -E 'test/' -o build/mutate/$$p.json ./shared/$$p | tee build/mutate/$$p.txt; \
	  if [ $$p = secrets ]; then \
	    echo "mutate shared/secrets -tags scf (source_ssm.go)"; \
	    bin/gremlins unleash --timeout-coefficient 10 $(MUTATE_FLAGS) --tags scf -E 'test/' -E '$(SCF_ONLY_EXCLUDE)' \
	      -o build/mutate/secrets-scf.json ./shared/secrets | tee build/mutate/secrets-scf.txt; \
	  fi; \
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

# build-aws: the Lambda functions only (build/aws/<fn>/bootstrap), in the first phase of test
build-aws:
	@for f in $(FUNCS); do echo '$(LAMBDA_BUILD) -o build/aws/'"$$f"'/bootstrap ./functions/'"$$f"; $(LAMBDA_BUILD) -o build/aws/$$f/bootstrap ./functions/$$f || exit 1; done

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
