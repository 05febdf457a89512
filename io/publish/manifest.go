package publish

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/amcalc/amcalc/io/outfile"
	"github.com/amcalc/amcalc/io/vfs"
)

// ManifestName is the manifest's file name in a partition; it is written last.
const ManifestName = "_MANIFEST.json"

// TimeFormat is the manifest's started_at and finished_at: RFC 3339 in UTC with
// microseconds (two runs within a second stay apart).
const TimeFormat = "2006-01-02T15:04:05.000000Z07:00"

// ManifestFormatVersion is the version of the manifest's layout.
const ManifestFormatVersion = 1

// Manifest is _MANIFEST.json (DATA.md "Outputs"). The JSON keys come out in the order
// of the fields below, maps with sorted keys (encoding/json), so the same run gives the
// same bytes except for the times and workers, which the caller sets.
type Manifest struct {
	FormatVersion     int              `json:"format_version"`
	Year              int              `json:"year"`
	AsOf              string           `json:"as_of"` // YYYY-MM-DD
	RulesVersion      string           `json:"rules_version"`
	ParamsSHA256      string           `json:"params_sha256"`
	ParamsAssumptions []string         `json:"params_assumptions"`
	ProgramVersion    string           `json:"program_version"`
	Inputs            []ManifestInput  `json:"inputs"`
	Outputs           []ManifestOutput `json:"outputs"`
	CountsByStatus    map[string]int64 `json:"counts_by_status"`
	StartedAt         string           `json:"started_at"`  // TimeFormat
	FinishedAt        string           `json:"finished_at"` // TimeFormat
	Workers           int              `json:"workers"`
}

// ManifestInput is one input argument (--contracts, --activity or --suspensions).
type ManifestInput struct {
	Name         string         `json:"name"` // "contracts" | "activity" | "suspensions" (only when given)
	Arg          string         `json:"arg"`  // the path as given
	Files        []ManifestFile `json:"files"`
	Rows         int64          `json:"rows"`
	RowsRejected int64          `json:"rows_rejected"` // distinct rows
}

// ManifestFile is one Parquet file of an input.
type ManifestFile struct {
	Path   string `json:"path"` // relative to Arg when Arg is a folder, '/'-separated
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
	Rows   int64  `json:"rows"`
}

// ManifestOutput is one output file. PayableTotal ("7074325.17") is set for payments
// and contracts only, and omitted for bands and rejects.
type ManifestOutput struct {
	File         string `json:"file"`
	Rows         int64  `json:"rows"`
	SHA256       string `json:"sha256"`
	PayableTotal string `json:"payable_total,omitempty"`
}

// OutputOf describes a written file; withTotal for payments and contracts.
func OutputOf(s outfile.Summary, withTotal bool) ManifestOutput {
	o := ManifestOutput{File: s.File, Rows: s.Rows, SHA256: s.SHA256}
	if withTotal {
		o.PayableTotal = s.PayableTotal.String()
	}
	return o
}

// MarshalManifest returns the manifest's bytes: indented by two spaces, a final newline,
// empty lists as [] (never null).
func MarshalManifest(m Manifest) ([]byte, error) {
	if m.FormatVersion == 0 {
		m.FormatVersion = ManifestFormatVersion
	}
	if m.ParamsAssumptions == nil {
		m.ParamsAssumptions = []string{}
	}
	if m.Inputs == nil {
		m.Inputs = []ManifestInput{}
	}
	for i := range m.Inputs {
		if m.Inputs[i].Files == nil {
			m.Inputs[i].Files = []ManifestFile{}
		}
	}
	if m.Outputs == nil {
		m.Outputs = []ManifestOutput{}
	}
	if m.CountsByStatus == nil {
		m.CountsByStatus = map[string]int64{}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// WriteManifest writes dir/_MANIFEST.json and fsyncs it. Write it last, into the
// staging folder, just before Publish.
func WriteManifest(dir string, m Manifest) error { return writeManifest(vfs.OS, dir, m) }

func writeManifest(fsys vfs.FS, dir string, m Manifest) error {
	b, err := MarshalManifest(m)
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	path := filepath.Join(dir, ManifestName)
	if err := fsys.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
