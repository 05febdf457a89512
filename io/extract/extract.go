// Package extract reads the input extracts (contracts, activity and suspensions, DATA.md
// "Inputs") from Parquet and validates them into typed rows plus rejects (DATA.md "Bad
// input").
//
// A bad file (unreadable, not Parquet, a listed column missing, duplicated or of the wrong
// type, a string that is not valid UTF-8) is a *FileError that names the file and wraps a
// sentinel cause (ErrNotParquet, ErrBadSchema, ErrBadString…); a bad row is a value (Reject) and never stops the read. Every
// row read ends up either in the returned rows or in at least one Reject: nothing is dropped
// silently. The package never writes files, logs or decides anything about payments.
package extract

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/amcalc/amcalc/calc"
)

// Input names, as written in rejects.input.
const (
	InputContracts   = "contracts"
	InputActivity    = "activity"
	InputSuspensions = "suspensions"
)

// Problem codes (DATA.md "Bad input").
const (
	ProblemNullRequired       = "NULL_REQUIRED"
	ProblemBadEnum            = "BAD_ENUM"
	ProblemNegativeCount      = "NEGATIVE_COUNT"
	ProblemCountTooLarge      = "COUNT_TOO_LARGE"
	ProblemDateOutOfRange     = "DATE_OUT_OF_RANGE"
	ProblemEndsBeforeStart    = "ENDS_BEFORE_START"
	ProblemSignedBeforeScheme = "SIGNED_BEFORE_SCHEME"
	ProblemDuplicateKey       = "DUPLICATE_KEY"
	// v1.3: fees (contracts) and suspensions.
	ProblemNegativeAmount   = "NEGATIVE_AMOUNT"
	ProblemAmountTooLarge   = "AMOUNT_TOO_LARGE"
	ProblemFeesInconsistent = "FEES_INCONSISTENT"
	ProblemUnknownContract  = "UNKNOWN_CONTRACT"
)

// MaxCount is the largest valid count (DATA.md: "> 100 000; 100 000 is valid").
const MaxCount = 100000

// MaxAmount is the largest valid fee amount, in cents (DATA.md: AMOUNT_TOO_LARGE is
// "> 100 000 000 000 cents").
const MaxAmount = 100_000_000_000

// Reject is one (input row, column, problem): a row of rejects.parquet (DATA.md "Bad input").
type Reject struct {
	Input   string // "contracts" | "activity" | "suspensions"
	File    string // path relative to the argument when it is a directory (with '/'), else the file's base name
	Row     int64  // 0-based row number in its file
	Key     string // contract_id (contracts, suspensions), or "doctor_id|year" for activity (null parts written empty)
	KeyNull bool   // the key is null (a null contract_id); activity keys are never null
	Column  string
	Problem string
	Detail  string
}

// FileInfo describes one input file for the manifest.
type FileInfo struct {
	Path   string // as opened
	Rel    string // as in rejects.file
	Bytes  int64
	SHA256 string // hex
	Rows   int64
}

// Input summarises one input argument for the manifest.
type Input struct {
	Arg          string
	Files        []FileInfo
	Rows         int64 // total rows read
	RejectedRows int64 // distinct rows with at least one reject
}

// ContractRow is a valid contract with its provenance.
type ContractRow struct {
	calc.Contract
	File string // as in rejects.file
	Row  int64  // 0-based in File
}

// ActivityRow is a valid activity row with its provenance.
type ActivityRow struct {
	calc.Activity
	File string // as in rejects.file
	Row  int64  // 0-based in File
}

// Options tune the reader; the zero value is ready to use.
type Options struct {
	BatchSize int64            // rows per Arrow record batch; default 65536
	Alloc     memory.Allocator // default memory.DefaultAllocator
	Workers   int              // files read at once; default min(GOMAXPROCS, 4)
	// Progress, when set, is called after each file is read (from the reading goroutine,
	// in completion order): a long read reports as it goes.
	Progress func(FileInfo)
	// SchemeStart is the scheme's first day, below which a contract is
	// SIGNED_BEFORE_SCHEME (R-REG-1); the pipeline passes the parameters' value. Zero
	// means DefaultSchemeStart.
	SchemeStart calc.Date
}

// DefaultSchemeStart is the scheme's first day when Options.SchemeStart is not set
// (R-REG-1: avenant 7 in force on 2019-08-21). It is the only copy of that date in io/.
var DefaultSchemeStart = calc.MakeDate(2019, time.August, 21)

func (o Options) withDefaults() Options {
	if o.BatchSize <= 0 {
		o.BatchSize = 1 << 16
	}
	if o.Alloc == nil {
		o.Alloc = memory.DefaultAllocator
	}
	if o.SchemeStart == 0 {
		o.SchemeStart = DefaultSchemeStart
	}
	if o.Workers <= 0 {
		o.Workers = min(runtime.GOMAXPROCS(0), 4)
	}
	return o
}

// ListFiles lists the files of an input argument: the file itself, or every *.parquet file
// under a directory (recursively), in byte order of their paths. Path, Rel and Bytes are set.
func ListFiles(arg string) ([]FileInfo, error) {
	files, err := listFiles(arg)
	if err != nil {
		return nil, fmt.Errorf("input %s: %w", arg, err)
	}
	return files, nil
}

// listFiles is ListFiles with errors that do not repeat arg.
func listFiles(arg string) ([]FileInfo, error) {
	st, err := os.Stat(arg)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []FileInfo{{Path: arg, Rel: filepath.Base(arg), Bytes: st.Size()}}, nil
	}
	var out []FileInfo
	err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".parquet") {
			return nil
		}
		// Stat follows symlinks: a link to a regular file counts, anything else does not.
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		if !fi.Mode().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(arg, p)
		if err != nil {
			return err
		}
		out = append(out, FileInfo{Path: p, Rel: filepath.ToSlash(rel), Bytes: fi.Size()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("folder has %w", ErrNoParquet)
	}
	// WalkDir visits names in lexical order per folder, which is not the byte order of
	// whole paths ("a.b/x" < "a/x"): sort the relative paths, which share the prefix.
	slices.SortFunc(out, func(a, b FileInfo) int { return strings.Compare(a.Rel, b.Rel) })
	return out, nil
}

// sortRejects orders rejects as rejects.parquet is (DATA.md "Outputs"): input, file, row,
// column, problem.
func sortRejects(r []Reject) {
	slices.SortFunc(r, func(a, b Reject) int {
		if c := strings.Compare(a.Input, b.Input); c != 0 {
			return c
		}
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Row != b.Row {
			if a.Row < b.Row {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.Column, b.Column); c != 0 {
			return c
		}
		return strings.Compare(a.Problem, b.Problem)
	})
}
