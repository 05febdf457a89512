package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDataContractCopy: io/DATA.md, the data contract the io packages implement, is the
// shared spec's DATA.md byte for byte when the spec is present (a checkout without it
// skips), and it is the version whose inputs this package reads.
func TestDataContractCopy(t *testing.T) {
	own, err := os.ReadFile(filepath.Join("..", "DATA.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(own), "(spec v1.3)") {
		t.Errorf("io/DATA.md is not spec v1.3")
	}
	for _, cols := range [][]Column{ContractColumns, ActivityColumns, SuspensionColumns} {
		for _, c := range cols {
			if !strings.Contains(string(own), "| "+c.Name+" |") && !strings.Contains(string(own), c.Name+",") &&
				!strings.Contains(string(own), ", "+c.Name+" |") {
				t.Errorf("column %s is not in io/DATA.md's input tables", c.Name)
			}
		}
	}
	shared, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "spec", "DATA.md"))
	if os.IsNotExist(err) {
		t.Skip("../shared/spec/DATA.md not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(own, shared) {
		t.Error("io/DATA.md differs from ../shared/spec/DATA.md: copy the spec in and review what changed")
	}
}
