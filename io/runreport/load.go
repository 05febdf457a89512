package runreport

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/amcalc/amcalc/io/partdiff"
	"github.com/amcalc/amcalc/io/publish"
)

// The output files of a partition (DATA.md "Outputs"), in the manifest's order.
const (
	PaymentsFile  = "payments.parquet"
	ContractsFile = "contracts.parquet"
	BandsFile     = "bands.parquet"
	RejectsFile   = "rejects.parquet"
)

// Files are the four tables a report reads, besides publish.ManifestName.
var Files = []string{PaymentsFile, ContractsFile, BandsFile, RejectsFile}

// Sentinel causes of a partition that cannot be reported (exit 1). A FileError wraps one
// of them and names the file.
var (
	// ErrIncomplete: a file is missing, or the manifest does not list it.
	ErrIncomplete = errors.New("partition incomplete")
	// ErrChecksum: a file's sha256 differs from the manifest's.
	ErrChecksum = errors.New("sha256 differs from the manifest")
	// ErrUnreadable: a file cannot be read or parsed, or lacks a column the report needs.
	ErrUnreadable = errors.New("unreadable")
)

// FileError is a problem with one file of a partition.
type FileError struct {
	Path   string // the file
	Detail string // what is wrong, for the message
	Err    error  // ErrIncomplete, ErrChecksum or ErrUnreadable (possibly joined with a cause)
}

func (e *FileError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("%s: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("%s: %v: %s", e.Path, e.Err, e.Detail)
}

func (e *FileError) Unwrap() error { return e.Err }

// Partition is a published partition read whole: its manifest and four tables.
type Partition struct {
	Dir       string
	Manifest  publish.Manifest
	Payments  *partdiff.Table
	Contracts *partdiff.Table
	Bands     *partdiff.Table
	Rejects   *partdiff.Table
}

// required are the columns each table must have (by name: a v1.2 payments file without
// instalment and suspended_days is read as well as a v1.3 one).
var required = map[string][]string{
	PaymentsFile:  {"contract_id", "contract_year", "kind", "event_date", "attainment", "base_amount", "due", "payable"},
	ContractsFile: {"contract_id", "specialty", "option", "regime", "status", "reasons", "band", "events", "payable_total"},
	BandsFile:     {"reference_year", "specialty", "measure", "population", "p30", "p50", "p70", "p90", "p95", "pinned"},
	RejectsFile:   {"input", "problem"},
}

// Load reads the partition dir after checking that the manifest lists each of the four
// files, that each exists and that its sha256 is the manifest's. Errors are *FileError.
func Load(dir string) (*Partition, error) {
	p := &Partition{Dir: dir}
	mpath := filepath.Join(dir, publish.ManifestName)
	b, err := os.ReadFile(mpath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &FileError{Path: mpath, Detail: "missing", Err: ErrIncomplete}
	case err != nil:
		return nil, &FileError{Path: mpath, Err: errors.Join(ErrUnreadable, err)}
	}
	if err := json.Unmarshal(b, &p.Manifest); err != nil {
		return nil, &FileError{Path: mpath, Err: errors.Join(ErrUnreadable, err)}
	}
	for _, name := range Files {
		path := filepath.Join(dir, name)
		i := slices.IndexFunc(p.Manifest.Outputs, func(o publish.ManifestOutput) bool { return o.File == name })
		if i < 0 {
			return nil, &FileError{Path: path, Detail: "not listed in " + publish.ManifestName, Err: ErrIncomplete}
		}
		sum, err := fileSHA256(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, &FileError{Path: path, Detail: "missing", Err: ErrIncomplete}
		case err != nil:
			return nil, &FileError{Path: path, Err: errors.Join(ErrUnreadable, err)}
		case sum != p.Manifest.Outputs[i].SHA256:
			return nil, &FileError{Path: path, Detail: fmt.Sprintf("file %s, manifest %s", sum, p.Manifest.Outputs[i].SHA256), Err: ErrChecksum}
		}
	}
	tables := []**partdiff.Table{&p.Payments, &p.Contracts, &p.Bands, &p.Rejects}
	for i, name := range Files {
		path := filepath.Join(dir, name)
		t, err := partdiff.ReadTable(path)
		if err != nil {
			return nil, &FileError{Path: path, Err: errors.Join(ErrUnreadable, err)}
		}
		for _, c := range required[name] {
			if !slices.Contains(t.Columns(), c) {
				return nil, &FileError{Path: path, Detail: "no column " + c, Err: ErrUnreadable}
			}
		}
		*tables[i] = t
	}
	return p, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
