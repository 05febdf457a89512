// Command amgen writes synthetic, national-scale input extracts (contracts, activity and
// suspensions, DATA.md "Inputs") for load tests and demos: seeded and deterministic, the
// same flags always give the same bytes.
//
//	amgen --out DIR [--scale 1] [--seed 1] [--bad-rows 0] [--years 2018-2025]
//
// It writes DIR/contracts.parquet, DIR/suspensions.parquet beside it, and
// DIR/activity/year=YYYY/part-0.parquet, one file per year, streaming year by year so
// memory stays bounded whatever the scale (scale 10, 20 M activity rows: about 45 s and
// 170 MB of RSS on 2 cores).
//
// The model (population.go, contracts.go): at scale 1 about 250 000 doctors a year, 60 % GPs
// (MT adult median ≈ 1 100, P30 ≈ 640, MT child 8–22 % of adult, file active ≈ 1.4 × MT),
// specialists of 39 other codes (file active mostly 1 500–6 000, MT null or small); a doctor
// keeps his specialty, his counts drift a few % a year, ~3 % leave and as many enter each
// year. About 12 000 contracts for doctors of the population, signed 2019-08-21 … 31 Dec of
// the last year, mostly eligible. v1.3 (v13.go): fees over the 12 months before signature,
// mostly for the contracts E-CLINICAL reads (R2/R3 surgeons, ENT, gynaecologists: CCAM
// shares on both sides of 20 %, some exactly at it, a few null), and suspended periods for
// about 4 % of hired contracts (R-SUSP-1), some still open. Every value is a pure function
// of (seed, doctor, year) or (seed, contract).
//
// --bad-rows N inserts N invalid rows into each input at deterministic positions, cycling
// through the problems of DATA.md "Bad input"; a DUPLICATE_KEY row copies the key of the
// previous valid row, so the reader rejects both. Generate's Result lists the exact rows the
// reader must reject.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
