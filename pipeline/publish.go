package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/outfile"
	"github.com/amcalc/amcalc/io/publish"
	"github.com/amcalc/amcalc/io/vfs"
)

// sweep removes the stale staging folders of earlier runs; one it cannot remove is a
// warning, never a blocked run.
func sweep(cfg Config) error {
	swept, err := publish.SweepStale(cfg.FS, cfg.OutDir)
	if err != nil {
		return fmt.Errorf("sweep stale staging in %s: %w", cfg.OutDir, err)
	}
	cfg.Log.Debug().Strs("restored", swept.Restored).Strs("removed", swept.Removed).Msg("stale staging swept")
	warnLeftovers(cfg.Log, swept)
	return nil
}

// publishPartition is the last stage: write the manifest into the staging folder, then
// swap the partition in; it returns the published folder.
func publishPartition(ctx context.Context, cfg Config, st *publish.Staging, m publish.Manifest) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := st.WriteManifest(m); err != nil {
		return "", err
	}
	cfg.hook("manifest")
	if err := ctx.Err(); err != nil {
		return "", err
	}
	dest := filepath.Join(cfg.OutDir, publish.PartitionName(cfg.Year))
	if err := st.Publish(); err != nil {
		// Publish also fails after the swap (fsync of OUT, removal of the previous
		// partition), when the new partition already stands: an error would then claim
		// the previous one intact (exit 1). Report the publication, and sweep the rest.
		if !holdsManifest(cfg.FS, dest, m) {
			return "", err // publish's errors say "publish …" already
		}
		cfg.Log.Warn().Err(err).Msg("published, but the cleanup after it failed; sweeping again")
		if swept, err := publish.SweepStale(cfg.FS, cfg.OutDir); err != nil {
			cfg.Log.Warn().Err(err).Msg("sweep failed: the next run finishes it")
		} else {
			warnLeftovers(cfg.Log, swept)
		}
	}
	return dest, nil
}

// warnLeftovers logs each stale folder the sweep could not remove: a warning, not a
// failure (it is never read as a partition); someone should remove it by hand.
func warnLeftovers(log zerolog.Logger, swept publish.Swept) {
	for _, l := range swept.Failed {
		log.Warn().Str("leftover", l.Name).Err(l.Err).Msg("stale folder not removed; the run goes on (remove it by hand)")
	}
}

// holdsManifest reports whether dir's manifest is exactly m: the partition is this run's.
func holdsManifest(fsys vfs.FS, dir string, m publish.Manifest) bool {
	want, err := publish.MarshalManifest(m)
	if err != nil {
		return false
	}
	f, err := fsys.Open(filepath.Join(dir, publish.ManifestName))
	if err != nil {
		return false
	}
	defer f.Close()
	got, err := io.ReadAll(f)
	return err == nil && bytes.Equal(got, want)
}

// manifest describes the run (DATA.md "_MANIFEST.json"): it proves with counts that every
// input row was used or rejected, and names the parameters and program that produced it.
func manifest(cfg Config, in *loaded, sums []outfile.Summary, out *evaluated, started time.Time) publish.Manifest {
	m := publish.Manifest{
		Year: cfg.Year, AsOf: cfg.AsOf.String(), RulesVersion: cfg.Params.RulesVersion,
		ParamsSHA256: cfg.Params.SHA256, ParamsAssumptions: out.assumptions,
		ProgramVersion: cfg.Version, CountsByStatus: map[string]int64{}, Workers: cfg.Workers,
		StartedAt: started.UTC().Format(publish.TimeFormat), FinishedAt: cfg.Now().UTC().Format(publish.TimeFormat),
	}
	for _, s := range in.inputs() {
		mi := publish.ManifestInput{Name: s.name, Arg: s.in.Arg, Rows: s.in.Rows, RowsRejected: s.in.RejectedRows}
		for _, f := range s.in.Files {
			mi.Files = append(mi.Files, publish.ManifestFile{Path: f.Rel, Bytes: f.Bytes, SHA256: f.SHA256, Rows: f.Rows})
		}
		m.Inputs = append(m.Inputs, mi)
	}
	for i, s := range sums {
		m.Outputs = append(m.Outputs, publish.OutputOf(s, i < 2))
	}
	for _, st := range calc.Statuses {
		m.CountsByStatus[st] = int64(out.counts[st])
	}
	return m
}
