# ticketbooth — every command a developer or CI needs. Only Go is required.
GO       ?= go
FUNCS    := usersig privatemapkey roomurl
BENCHTIME ?= 1s
FUZZTIME ?= 15s

.PHONY: all test vet unit bench fuzz lint build run clean

all: test

## test: vet, race-enabled tests for both platform builds, and the cross-compiled functions (offline)
test: vet unit build

vet:
	$(GO) vet ./...
	$(GO) vet -tags scf ./...

unit:
	$(GO) test -race -count=1 ./...
	$(GO) test -race -count=1 -tags scf ./shared/... ./functions/...

## bench: the signing core side by side with Tencent's libraries
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./shared/tlssig/

## fuzz: every fuzz target for FUZZTIME each
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; done

## lint: gofmt, vet, staticcheck and govulncheck (the last two fetched at pinned versions)
lint: vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@2025.1.1 ./...
	$(GO) run golang.org/x/vuln/cmd/govulncheck@v1.1.4 ./...

## build: the CLI, and every function for AWS (linux/arm64) and Tencent SCF (linux/amd64)
build:
	$(GO) build -o bin/ticketbooth ./cmd/ticketbooth
	@for f in $(FUNCS); do \
	  GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build -tags lambda.norpc -trimpath -ldflags "-s -w" -o build/aws/$$f/bootstrap ./functions/$$f || exit 1; \
	  GOOS=linux GOARCH=amd64 CGO_ENABLED=0 $(GO) build -tags scf -trimpath -ldflags "-s -w" -o build/scf/$$f/main ./functions/$$f || exit 1; \
	done

## run: the local server on 127.0.0.1:8080 with generated development keys
run:
	$(GO) run ./cmd/ticketbooth serve

clean:
	rm -rf bin build
