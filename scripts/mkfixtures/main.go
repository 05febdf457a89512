// Command mkfixtures rewrites the small checked-in input extracts under fixtures/input/
// (contracts.parquet, activity/year=YYYY/part-0.parquet and suspensions.parquet) from the
// Go literals of data.go. Run it from the repository root:
//
//	go run ./scripts/mkfixtures [-out fixtures/input]
//
// The output is deterministic: the same literals always give the same bytes. The tests of
// this package check that the checked-in files are up to date, read back with exactly the
// intended rejects, and that each contract shows the situation its comment claims.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/amcalc/amcalc/io/inwrite"
)

func main() {
	out := flag.String("out", filepath.Join("fixtures", "input"), "output folder")
	flag.Parse()
	if err := write(*out, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mkfixtures:", err)
		os.Exit(1)
	}
}

// write replaces the extracts under dir: contracts.parquet, activity/ (removed first,
// so that no stale year file survives) and suspensions.parquet.
func write(dir string, log io.Writer) error {
	if err := os.RemoveAll(filepath.Join(dir, "activity")); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cp := filepath.Join(dir, "contracts.parquet")
	crows := contractRows()
	if err := inwrite.WriteRawContracts(cp, crows); err != nil {
		return err
	}
	fmt.Fprintf(log, "mkfixtures: wrote %s: %d rows\n", cp, len(crows))
	sp := filepath.Join(dir, "suspensions.parquet")
	srows := suspensionRows()
	if err := inwrite.WriteRawSuspensions(sp, srows); err != nil {
		return err
	}
	fmt.Fprintf(log, "mkfixtures: wrote %s: %d rows\n", sp, len(srows))
	for _, f := range activityFiles() {
		p := filepath.Join(dir, "activity", fmt.Sprintf("year=%d", f.year), "part-0.parquet")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := inwrite.WriteRawActivity(p, f.rows); err != nil {
			return err
		}
		fmt.Fprintf(log, "mkfixtures: wrote %s: %d rows\n", p, len(f.rows))
	}
	return nil
}
