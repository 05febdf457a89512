package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config is what the command line asks for.
type Config struct {
	Out       string
	Scale     float64 // 1 = about 250 000 doctors a year and 12 000 contracts
	Seed      uint64
	BadRows   int // invalid rows mixed into each extract
	FirstYear int // activity years, inclusive
	LastYear  int
	Workers   int // activity files written at once; 0 = min(GOMAXPROCS, 2)
}

// BadRow is one row the generator made invalid on purpose, where the reader must reject it.
type BadRow struct {
	File    string // as in rejects.file: "contracts.parquet" (file argument) or "year=2020/part-0.parquet" (folder argument)
	Row     int64
	Column  string
	Problem string
}

// FileResult describes one file written.
type FileResult struct {
	Path    string
	Rows    int64
	Seconds float64
}

// Result is what Generate wrote. ContractBad, ActivityBad and SuspensionBad list the invalid
// rows inserted; ContractRejected, ActivityRejected and SuspensionRejected are the rows the
// reader must reject (the bad rows, plus the valid row each DUPLICATE_KEY row copies), as
// "file#row", sorted.
type Result struct {
	Contracts          FileResult
	Activity           []FileResult
	Suspensions        FileResult
	ContractBad        []BadRow
	ActivityBad        []BadRow
	SuspensionBad      []BadRow
	ContractRejected   []string
	ActivityRejected   []string
	SuspensionRejected []string
}

// Main is the command: parse, generate, report. Usage errors exit 2, failures 1.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("amgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "output folder (required)")
	scale := fs.Float64("scale", 1, "population multiplier: 1 = ~250 000 doctors a year, ~12 000 contracts")
	seed := fs.Uint64("seed", 1, "random seed")
	bad := fs.Int("bad-rows", 0, "invalid rows mixed into each extract")
	years := fs.String("years", "2018-2025", "activity years, FIRST-LAST")
	workers := fs.Int("workers", 0, "activity files written at once (0 = min(GOMAXPROCS, 2)); never changes the bytes")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: amgen --out DIR [--scale 1] [--seed 1] [--bad-rows 0] [--years 2018-2025]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	usage := func(msg string) int {
		fmt.Fprintln(stderr, "amgen: "+msg)
		fs.Usage()
		return 2
	}
	if fs.NArg() > 0 {
		return usage("unexpected argument " + fs.Arg(0))
	}
	if *out == "" {
		return usage("--out is required")
	}
	if !(*scale > 0) || *scale > 1000 || math.IsInf(*scale, 0) {
		return usage("--scale must be > 0 and ≤ 1000")
	}
	if *bad < 0 {
		return usage("--bad-rows must be ≥ 0")
	}
	first, last, err := parseYears(*years)
	if err != nil {
		return usage(err.Error())
	}
	if *workers < 0 {
		return usage("--workers must be ≥ 0")
	}
	cfg := Config{Out: *out, Scale: *scale, Seed: *seed, BadRows: *bad, FirstYear: first, LastYear: last, Workers: *workers}
	t0 := time.Now()
	res, err := Generate(ctx, cfg, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "amgen:", err)
		return 1
	}
	var rows int64 = res.Contracts.Rows + res.Suspensions.Rows
	for _, a := range res.Activity {
		rows += a.Rows
	}
	fmt.Fprintf(stderr, "amgen: done: %d files, %d rows (%d + %d + %d bad rows), %.1f s\n",
		2+len(res.Activity), rows, len(res.ContractBad), len(res.ActivityBad), len(res.SuspensionBad), time.Since(t0).Seconds())
	return 0
}

// parseYears reads "2018-2025" or "2021".
func parseYears(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		b = a
	}
	first, err1 := strconv.Atoi(a)
	last, err2 := strconv.Atoi(b)
	switch {
	case err1 != nil || err2 != nil:
		return 0, 0, fmt.Errorf("--years %q: want FIRST-LAST, e.g. 2018-2025", s)
	case first < 2000 || last > 2099 || first > last:
		return 0, 0, fmt.Errorf("--years %q: want 2000 ≤ FIRST ≤ LAST ≤ 2099", s)
	case last < 2020:
		return 0, 0, fmt.Errorf("--years %q: LAST must be ≥ 2020 (contracts are signed from 2019-08-21)", s)
	}
	return first, last, nil
}

// Generate writes the three inputs under cfg.Out (contracts.parquet, suspensions.parquet
// beside it, activity/) and reports what it wrote (also to log).
func Generate(ctx context.Context, cfg Config, log io.Writer) (Result, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = min(runtime.GOMAXPROCS(0), 2)
	}
	pop := newPopulation(cfg)
	var res Result
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return res, err
	}

	t := time.Now()
	cpath := filepath.Join(cfg.Out, "contracts.parquet")
	cres, err := writeContracts(cpath, pop, cfg)
	if err != nil {
		return res, err
	}
	res.Contracts = FileResult{Path: cpath, Rows: cres.rows, Seconds: time.Since(t).Seconds()}
	res.ContractBad, res.ContractRejected = cres.bad, rejectedList("contracts.parquet", cres.rejected)
	fmt.Fprintf(log, "amgen: wrote %s: %d rows (%d bad) in %.1f s\n", cpath, cres.rows, len(cres.bad), res.Contracts.Seconds)

	t = time.Now()
	spath := filepath.Join(cfg.Out, "suspensions.parquet")
	sres, err := writeSuspensions(spath, cres.suspensions, cfg.BadRows)
	if err != nil {
		return res, err
	}
	res.Suspensions = FileResult{Path: spath, Rows: sres.rows, Seconds: time.Since(t).Seconds()}
	res.SuspensionBad, res.SuspensionRejected = sres.bad, rejectedList("suspensions.parquet", sres.rejected)
	fmt.Fprintf(log, "amgen: wrote %s: %d rows (%d bad) in %.1f s\n", spath, sres.rows, len(sres.bad), res.Suspensions.Seconds)

	// Activity: one file per year; years are independent, so a few are written at once.
	// Bad activity rows are dealt round-robin to the years.
	years := cfg.LastYear - cfg.FirstYear + 1
	res.Activity = make([]FileResult, years)
	type yearOut struct {
		bad      []BadRow
		rejected []string
		err      error
	}
	outs := make([]yearOut, years)
	var wg sync.WaitGroup
	sem := make(chan struct{}, cfg.Workers)
	var logMu sync.Mutex
	for yi := range years {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := ctx.Err(); err != nil {
				outs[yi].err = err
				return
			}
			y := cfg.FirstYear + yi
			dir := filepath.Join(cfg.Out, "activity", fmt.Sprintf("year=%d", y))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				outs[yi].err = err
				return
			}
			p := filepath.Join(dir, "part-0.parquet")
			nbad := 0
			if cfg.BadRows > yi {
				nbad = (cfg.BadRows-yi-1)/years + 1
			}
			t := time.Now()
			r, err := writeActivityYear(ctx, p, pop, y, nbad, yi)
			if err != nil {
				outs[yi].err = err
				return
			}
			res.Activity[yi] = FileResult{Path: p, Rows: r.rows, Seconds: time.Since(t).Seconds()}
			outs[yi].bad, outs[yi].rejected = r.bad, rejectedList(fmt.Sprintf("year=%d/part-0.parquet", y), r.rejected)
			logMu.Lock()
			fmt.Fprintf(log, "amgen: wrote %s: %d rows (%d bad) in %.1f s\n", p, r.rows, len(r.bad), res.Activity[yi].Seconds)
			logMu.Unlock()
		}()
	}
	wg.Wait()
	for _, o := range outs {
		if o.err != nil {
			return res, o.err
		}
		res.ActivityBad = append(res.ActivityBad, o.bad...)
		res.ActivityRejected = append(res.ActivityRejected, o.rejected...)
	}
	return res, nil
}
