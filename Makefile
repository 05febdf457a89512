# amcalc developer commands. `make run` and `make test` are all a fresh machine needs.
GO      ?= go
YEAR    ?= 2024
OUT     ?= out
BIN     := bin
FUZZTIME ?= 30s

.PHONY: build run report report-bench test fmt race vet bench bench-go bench-e2e data fuzz conformance clean

build:
	$(GO) build -trimpath -o $(BIN)/amcalc ./cmd/amcalc
	$(GO) build -trimpath -o $(BIN)/amgen ./cmd/amgen

## run: the main job on the checked-in fixtures, published under ./out/year=$(YEAR).
run: build
	$(BIN)/amcalc run --year $(YEAR) --contracts fixtures/input/contracts.parquet \
		--activity fixtures/input/activity --suspensions fixtures/input/suspensions.parquet --out $(OUT)

## report: the HTML report of the fixtures' year (amcalc report), in $(OUT)/report-$(YEAR).html.
report: run
	$(BIN)/amcalc report $(OUT)/year=$(YEAR) -o $(OUT)/report-$(YEAR).html

## report-bench: BenchmarkReport on a national-scale partition (data/scale1 → data/out).
report-bench: build
	test -d data/scale1 || $(MAKE) data
	test -f data/out/year=2024/_MANIFEST.json || $(BIN)/amcalc run --year 2024 --log-level warn \
		--contracts data/scale1/contracts.parquet --activity data/scale1/activity --out data/out
	$(GO) test -run '^$$' -bench BenchmarkReport -benchmem -benchtime 5x ./io/runreport/
	/usr/bin/time -f "amcalc report: %e s wall, %M KiB peak" $(BIN)/amcalc report data/out/year=2024 -o data/out/report-2024.html

## test: vet, every test (unit, golden runs, conformance, faults, fuzz corpora), then the
## race detector on the packages that run goroutines of their own.
test: fmt
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 9m ./...
	$(MAKE) race

## fmt: fails on any Go file gofmt would change (part of make test).
fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt -l: these files need gofmt -w:"; echo "$$out"; exit 1; fi

race:
	$(GO) test -race -count=1 -timeout 9m ./io/extract/ ./io/publish/ ./pipeline/ ./cmd/amcalc/cli/

vet:
	$(GO) vet ./...

## conformance: only the five conformance runs of fixtures/conformance (part of make test).
conformance:
	$(GO) test -count=1 -run 'TestConformance' -v ./cmd/amcalc/cli/

## bench: Go benchmarks of the hot parts, then end-to-end runs at scale 1 and 10.
bench: bench-go bench-e2e

bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./calc/
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3x ./io/... ./pipeline/

bench-e2e: build
	scripts/bench-e2e.sh

## data: national-scale synthetic extracts (scale 1) in ./data.
data:
	$(GO) run ./cmd/amgen --out data/scale1 --scale 1

## fuzz: run each fuzzer for $(FUZZTIME) (CI runs only the kept corpus, through make test).
fuzz:
	scripts/fuzz.sh $(FUZZTIME)

clean:
	rm -rf $(BIN) $(OUT)
