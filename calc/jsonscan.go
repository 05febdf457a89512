package calc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// scanJSON checks what encoding/json lets through silently: a duplicate key in an object
// (the last one would win) at any level, and anything after the top-level value. A syntax
// error gives its line.
func scanJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		object    bool
		expectKey bool
		keys      map[string]bool
		key       string // the current member's key, for the path
	}
	var stack []*frame
	path := func() string {
		var parts []string
		for _, f := range stack {
			if f.object && f.key != "" {
				parts = append(parts, f.key)
			}
		}
		return strings.Join(parts, ".")
	}
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].expectKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return syntaxError(data, err, dec.InputOffset())
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				stack = append(stack, &frame{object: d == '{', expectKey: d == '{', keys: map[string]bool{}})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		} else if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].expectKey {
			top := stack[n-1]
			key := tok.(string)
			if top.keys[key] {
				top.key = key
				return &ParamFileError{Line: lineAt(data, dec.InputOffset()),
					Err: fmt.Errorf("%w: %q at %s", ErrParamDuplicateKey, key, path())}
			}
			top.keys[key], top.key, top.expectKey = true, key, false
		} else {
			valueDone()
		}
		if len(stack) == 0 && dec.More() {
			return &ParamFileError{Line: lineAt(data, dec.InputOffset()), Err: fmt.Errorf("%w: data after the top-level value", ErrParamSyntax)}
		}
	}
	return nil
}

// syntaxError wraps a decoding error with the line it happened on.
func syntaxError(data []byte, err error, offset int64) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		offset = se.Offset
	}
	return &ParamFileError{Line: lineAt(data, offset), Err: fmt.Errorf("%w: %v", ErrParamSyntax, err)}
}

// lineAt returns the 1-based line of a byte offset.
func lineAt(data []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(data)))
	return bytes.Count(data[:offset], []byte("\n")) + 1
}
