package partdiff

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/amcalc/amcalc/io/publish"
)

// DefaultManifestKeys are the top-level manifest keys whose differences explain a content
// difference: the payment year and as_of, the inputs (their sha256, bytes, rows), the
// parameter hash, the program and the rules versions.
var DefaultManifestKeys = []string{"as_of", "inputs", "params_sha256", "program_version", "rules_version", "year"}

// ManifestDiff compares the two _MANIFEST.json files, read as generic JSON.
type ManifestDiff struct {
	Compared bool
	Note     string // why not compared
	Changes  []ManifestChange
}

// ManifestChange is one differing value at Path (e.g. "inputs[contracts].sha256"); Old or
// New is nil when the value is absent on that side, else compact JSON.
type ManifestChange struct {
	Path     string
	Old, New json.RawMessage
}

// ignoredManifestKey drops what differs between two runs of the same content: times and
// file locations.
func ignoredManifestKey(k string) bool {
	// arg is an input as spelled on the command line: where it was, not what it held
	// (the files' sha256 say that).
	return k == "started_at" || k == "finished_at" || k == "path" || k == "paths" || k == "arg" || strings.HasSuffix(k, "_path")
}

func diffManifests(oldDir, newDir string, keys []string) (ManifestDiff, error) {
	var docs [2]map[string]any
	var missing []string
	for i, dir := range []string{oldDir, newDir} {
		side := [...]string{"OLD", "NEW"}[i]
		p := filepath.Join(dir, publish.ManifestName)
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			missing = append(missing, side)
			continue
		}
		if err != nil {
			return ManifestDiff{}, fmt.Errorf("read manifest %s: %w", p, err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber() // keep numbers exactly as written
		if err := dec.Decode(&docs[i]); err != nil {
			return ManifestDiff{}, fmt.Errorf("read manifest %s: %w", p, err)
		}
	}
	if len(missing) > 0 {
		return ManifestDiff{Note: "no " + publish.ManifestName + " in " + strings.Join(missing, " and ")}, nil
	}
	md := ManifestDiff{Compared: true}
	keys = slices.Clone(keys)
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		a, aok := docs[0][k]
		b, bok := docs[1][k]
		diffJSON(k, a, aok, b, bok, &md.Changes)
	}
	return md, nil
}

// clean removes ignored keys at any depth.
func clean(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if !ignoredManifestKey(k) {
				out[k] = clean(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = clean(e)
		}
		return out
	}
	return v
}

func diffJSON(path string, a any, aok bool, b any, bok bool, out *[]ManifestChange) {
	if !aok && !bok {
		return
	}
	if aok && bok {
		am, aIsMap := a.(map[string]any)
		bm, bIsMap := b.(map[string]any)
		if aIsMap && bIsMap {
			var keys []string
			for k := range am {
				if !ignoredManifestKey(k) {
					keys = append(keys, k)
				}
			}
			for k := range bm {
				if _, ok := am[k]; !ok && !ignoredManifestKey(k) {
					keys = append(keys, k)
				}
			}
			slices.Sort(keys)
			for _, k := range keys {
				av, aok := am[k]
				bv, bok := bm[k]
				diffJSON(path+"."+k, av, aok, bv, bok, out)
			}
			return
		}
		aa, aIsArr := a.([]any)
		ba, bIsArr := b.([]any)
		if aIsArr && bIsArr {
			diffArrays(path, aa, ba, out)
			return
		}
	}
	ra, rb := rawJSON(clean(a), aok), rawJSON(clean(b), bok)
	if !bytes.Equal(ra, rb) || aok != bok {
		*out = append(*out, ManifestChange{Path: path, Old: ra, New: rb})
	}
}

// diffArrays matches elements by their "name" (inputs), "input" or "path" (an input's
// files, relative to the input: a changed file is named by its path) when every element
// has a distinct one, so that reordered inputs or files are not reported; else by
// position.
func diffArrays(path string, a, b []any, out *[]ManifestChange) {
	la, lb := labels(a), labels(b)
	if la != nil && lb != nil {
		names := slices.Clone(la)
		for _, n := range lb {
			if !slices.Contains(la, n) {
				names = append(names, n)
			}
		}
		slices.Sort(names)
		for _, n := range names {
			ia, ib := slices.Index(la, n), slices.Index(lb, n)
			var av, bv any
			if ia >= 0 {
				av = a[ia]
			}
			if ib >= 0 {
				bv = b[ib]
			}
			diffJSON(path+"["+n+"]", av, ia >= 0, bv, ib >= 0, out)
		}
		return
	}
	for i := 0; i < max(len(a), len(b)); i++ {
		var av, bv any
		if i < len(a) {
			av = a[i]
		}
		if i < len(b) {
			bv = b[i]
		}
		diffJSON(path+"["+strconv.Itoa(i)+"]", av, i < len(a), bv, i < len(b), out)
	}
}

func labels(arr []any) []string {
	for _, field := range []string{"name", "input", "path"} {
		var out []string
		for _, e := range arr {
			m, ok := e.(map[string]any)
			if !ok {
				return nil
			}
			s, ok := m[field].(string)
			if !ok || slices.Contains(out, s) {
				out = nil
				break
			}
			out = append(out, s)
		}
		if out != nil {
			return out
		}
	}
	return nil
}

func rawJSON(v any, ok bool) json.RawMessage {
	if !ok {
		return nil
	}
	data, err := json.Marshal(v) // maps marshal with sorted keys: canonical
	if err != nil {
		return json.RawMessage(strconv.Quote(fmt.Sprint(v)))
	}
	return data
}
