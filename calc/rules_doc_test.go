package calc

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The rule book this package implements sits beside it (RULES.md); these tests keep the
// copy equal to the shared spec and the rule ids of the two in step.

// ruleID matches a rule id: R-SECTION-n, or an eligibility code E-NAME.
var ruleID = regexp.MustCompile(`\b(R-[A-Z]+-[0-9]+|E-[A-Z]+)\b`)

func idsIn(text string) map[string]bool {
	ids := map[string]bool{}
	for _, m := range ruleID.FindAllString(text, -1) {
		ids[m] = true
	}
	return ids
}

// TestRulesCopy: calc/RULES.md is the shared spec's RULES.md, byte for byte, when the spec
// is present (a checkout without it skips).
func TestRulesCopy(t *testing.T) {
	shared, err := os.ReadFile(filepath.Join("..", "..", "shared", "spec", "RULES.md"))
	if os.IsNotExist(err) {
		t.Skip("../shared/spec/RULES.md not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	own, err := os.ReadFile("RULES.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(own, shared) {
		t.Error("calc/RULES.md differs from ../shared/spec/RULES.md: copy the spec in and review what changed")
	}
}

// TestRuleIDsCited: every rule id of RULES.md is cited in calc (code or parameters), and
// every id calc cites is one of RULES.md.
func TestRuleIDsCited(t *testing.T) {
	spec, err := os.ReadFile("RULES.md")
	if err != nil {
		t.Fatal(err)
	}
	specIDs := idsIn(string(spec))
	var code strings.Builder
	files, _ := filepath.Glob("*.go")
	files = append(files, "params.json")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		code.Write(b)
	}
	codeIDs := idsIn(code.String())
	for id := range specIDs {
		if !codeIDs[id] {
			t.Errorf("RULES.md rule %s is cited nowhere in calc", id)
		}
	}
	var unknown []string
	for id := range codeIDs {
		if !specIDs[id] {
			unknown = append(unknown, id)
		}
	}
	slices.Sort(unknown)
	if len(unknown) > 0 {
		t.Errorf("calc cites ids that RULES.md does not have: %v", unknown)
	}
	if !specIDs["R-SUSP-1"] || !specIDs["E-CLINICAL"] || len(specIDs) < 35 {
		t.Errorf("RULES.md ids %d, missing v1.3 ones?", len(specIDs))
	}
}
