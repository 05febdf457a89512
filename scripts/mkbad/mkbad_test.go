package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// checkedIn is the fixture folder, relative to this package.
var checkedIn = filepath.Join("..", "..", "fixtures", "bad")

var update = flag.Bool("update", false, "rewrite fixtures/bad")

// The checked-in files are exactly what mkbad writes (regenerate with -update or
// `go run ./scripts/mkbad`), and writing twice gives the same bytes.
func TestCheckedInUpToDate(t *testing.T) {
	if *update {
		if err := write(checkedIn, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	a, b := t.TempDir(), t.TempDir()
	if err := write(a, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := write(b, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, name := range names() {
		wa, _ := os.ReadFile(filepath.Join(a, name))
		wb, _ := os.ReadFile(filepath.Join(b, name))
		got, err := os.ReadFile(filepath.Join(checkedIn, name))
		if !bytes.Equal(wa, wb) {
			t.Errorf("%s: two writes differ", name)
		}
		if err != nil || !bytes.Equal(wa, got) {
			t.Errorf("fixtures/bad/%s is stale (%v): run go run ./scripts/mkbad", name, err)
		}
	}
	entries, err := os.ReadDir(checkedIn)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := files[e.Name()]; !ok && e.Name() != "README.md" {
			t.Errorf("fixtures/bad/%s is not written by mkbad", e.Name())
		}
	}
}
