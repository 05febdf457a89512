// Package publish makes an output partition OUT/year=YYYY/ appear atomically (DATA.md
// "Publishing"): the run writes every file into a staging folder beside the partition,
// fsyncs it, and swaps it in with renames, so a reader sees the old complete partition
// or the new complete one, never a mix, and a crash at any point leaves the previous
// partition (restored by the next run's SweepStale if needed) or the new one. It also
// holds the one-run-per-folder lock and writes the manifest.
//
// It never touches another year's partition, never writes a partition without its
// manifest, and never deletes the previous partition before the new one is durable.
//
// The approach is google/renameio's and Prometheus tsdb's: temp sibling, fsync, rename,
// fsync the parent, sweep stale temps at start; every filesystem call, the lock's
// included, goes through a vfs.FS so tests can fail or crash the sequence at each step.
package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"sync/atomic"

	"github.com/amcalc/amcalc/io/vfs"
)

// Names inside OUT. Hidden (dot) names so that readers listing year=* partitions never
// pick up a staging or old folder.
const (
	stagingPrefix = ".staging-"
	oldPrefix     = ".old-"
)

// PartitionName is the folder name of year's partition.
func PartitionName(year int) string { return fmt.Sprintf("year=%04d", year) }

var (
	stagingRe = regexp.MustCompile(`^\.staging-year=\d{4}-.+$`)
	oldRe     = regexp.MustCompile(`^\.old-year=(\d{4})-.+$`)
	seq       atomic.Int64
)

// Staging is a folder OUT/.staging-year=YYYY-<pid>-<n> where a run writes its outputs
// before Publish swaps it in.
type Staging struct {
	fsys      vfs.FS
	out       string
	year      int
	dir       string
	published bool
}

// NewStaging creates a fresh staging folder for year in outDir (which must exist; Lock
// creates it) on fsys. Call SweepStale first, holding the lock.
func NewStaging(fsys vfs.FS, outDir string, year int) (*Staging, error) {
	if year < 1000 || year > 9999 {
		return nil, fmt.Errorf("staging: year %d is not four digits", year)
	}
	for range 1000 {
		name := fmt.Sprintf("%s%s-%d-%d", stagingPrefix, PartitionName(year), os.Getpid(), seq.Add(1))
		dir := filepath.Join(outDir, name)
		err := fsys.Mkdir(dir, 0o755)
		if err == nil {
			return &Staging{fsys: fsys, out: outDir, year: year, dir: dir}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("staging: %w", err)
		}
	}
	return nil, fmt.Errorf("staging: no free name in %s", outDir)
}

// Dir is the staging folder, where the outputs are written.
func (s *Staging) Dir() string { return s.dir }

// WriteManifest writes the manifest into the staging folder (last, before Publish).
func (s *Staging) WriteManifest(m Manifest) error { return writeManifest(s.fsys, s.dir, m) }

// Abort removes the staging folder; it does nothing after a successful Publish, so
// `defer st.Abort()` is safe.
func (s *Staging) Abort() error {
	if s.published {
		return nil
	}
	if err := s.fsys.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("abort staging: %w", err)
	}
	return nil
}

// Publish makes the staging folder OUT/year=YYYY, replacing the previous partition.
//
// Crash points (what the disk holds if the process dies right after each step, and
// what the next run's SweepStale does):
//
//  1. fsync of the staged files and folder: year=Y is the old partition (or absent),
//     staging is partial or complete. Sweep removes staging. Old intact.
//  2. a. (exchange) renameat2(staging, year=Y, RENAME_EXCHANGE): atomic; year=Y is
//     the new partition, the staging name holds the old one. If the exchange is not
//     yet durable, a power loss may bring back the previous state: old under year=Y,
//     new under staging. Either way sweep removes the staging name; year=Y is a
//     complete partition, and a reader never finds it missing.
//     b. (no previous partition) rename(staging, year=Y): atomic; before it nothing,
//     after it the new partition.
//     c. (fallback, exchange unsupported) rename(year=Y, .old-year=Y-…) then
//     rename(staging, year=Y). Between the two, year=Y is missing and the old
//     partition sits complete under .old-…: sweep renames it back to year=Y (and
//     removes staging). Readers can find year=Y missing for that instant only; they
//     never see a mix. A failed second rename (an error, not a crash) is rolled back
//     at once.
//  3. fsync of OUT: makes the renames durable before anything old is deleted.
//  4. removal of the old partition (staging name or .old-…): year=Y is new; sweep
//     removes whatever is left of the old one, which is only ever deleted after year=Y
//     is durably the new partition.
func (s *Staging) Publish() error {
	if s.published {
		return errors.New("publish: already published")
	}
	if ok, err := exists(s.fsys, filepath.Join(s.dir, ManifestName)); err != nil {
		return fmt.Errorf("publish: %w", err)
	} else if !ok {
		return fmt.Errorf("publish %s: no %s in the staging folder (write it last, before Publish)", s.dir, ManifestName)
	}
	// Step 1.
	if err := syncTree(s.fsys, s.dir); err != nil {
		return fmt.Errorf("publish: sync staging: %w", err)
	}
	final := filepath.Join(s.out, PartitionName(s.year))
	had, err := exists(s.fsys, final)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	var old string // where the previous partition now is, to delete
	switch {
	case !had: // Step 2b.
		if err := s.fsys.Rename(s.dir, final); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
	default:
		err := s.fsys.Exchange(s.dir, final) // Step 2a.
		switch {
		case err == nil:
			old = s.dir
		case errors.Is(err, vfs.ErrNoExchange): // Step 2c.
			old = filepath.Join(s.out, oldPrefix+filepath.Base(s.dir)[len(stagingPrefix):])
			if err := s.fsys.Rename(final, old); err != nil {
				return fmt.Errorf("publish: move previous partition aside: %w", err)
			}
			if err := s.fsys.Rename(s.dir, final); err != nil {
				if rerr := s.fsys.Rename(old, final); rerr != nil {
					return fmt.Errorf("publish: %w; restoring the previous partition failed too (%v): the next run restores it from %s", err, rerr, old)
				}
				return fmt.Errorf("publish: %w (previous partition restored)", err)
			}
		default:
			return fmt.Errorf("publish: %w", err)
		}
	}
	s.published = true
	// Step 3. The new partition is in place; from here an error is reported but the
	// publication stands (a sweep finishes the cleanup).
	if err := s.fsys.Sync(s.out); err != nil {
		return fmt.Errorf("published %s but could not sync %s: %w", final, s.out, err)
	}
	// Step 4.
	if old != "" {
		if err := discard(s.fsys, s.out, filepath.Base(old)); err != nil {
			return fmt.Errorf("published %s but could not remove the previous partition %s: %w", final, old, err)
		}
	}
	return nil
}

// discardInfix marks a staging name given to a folder on its way out.
const discardInfix = "discard-"

// discard removes OUT/name, a stale staging folder or a previous partition. A previous
// partition (.old-…) is first renamed to a staging name: a removal that stops half-way
// (permissions, a crash) then leaves a folder that SweepStale only ever removes, never
// one it could restore as a partition.
func discard(fsys vfs.FS, out, name string) error {
	if m := oldRe.FindStringSubmatch(name); m != nil {
		to := stagingPrefix + PartitionName(atoi(m[1])) + "-" + discardInfix + name[len(oldPrefix+"year=0000-"):]
		if err := fsys.Rename(filepath.Join(out, name), filepath.Join(out, to)); err != nil {
			return err
		}
		name = to
	}
	if err := fsys.RemoveAll(filepath.Join(out, name)); err != nil {
		return &discardError{name, err}
	}
	return nil
}

// discardError is a failed removal of the folder Name (renamed by discard if it was a
// previous partition).
type discardError struct {
	Name string
	Err  error
}

func (e *discardError) Error() string { return e.Err.Error() }
func (e *discardError) Unwrap() error { return e.Err }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// Swept reports what SweepStale did.
type Swept struct {
	Restored []string   // partitions put back from .old-… (a crash mid-publication)
	Removed  []string   // stale staging and .old-… folders removed
	Failed   []Leftover // stale folders that could not be removed (they stay)
}

// Leftover is a stale folder SweepStale could not remove, and why. It is never read as
// a partition (its name is hidden) and never restored over a partition that exists, so
// it costs only disk space: the run goes on and warns.
type Leftover struct {
	Name string // e.g. ".old-year=2024-123-1"
	Err  error
}

// SweepStale cleans OUT (on fsys) after a crash; call it at start, holding the lock (so no other
// run's staging folder can be in use). For each year whose partition is missing but
// whose previous partition sits under .old-year=Y-… (crash point 2c), it renames it
// back; then it removes every staging folder and every .old-… folder whose partition
// exists (renamed to a staging name first, so that a removal stopped half-way never
// leaves a previous partition it could restore). It is idempotent: a crash during the
// sweep is repaired by the next sweep.
//
// A folder it cannot remove (permissions, a busy mount) is listed in Swept.Failed, not
// returned as an error: a leftover must not block every later run. The error is kept
// for what would make publishing unsafe: OUT unreadable, or a partition to restore that
// cannot be (or could be restored from two places).
func SweepStale(fsys vfs.FS, outDir string) (Swept, error) {
	var sw Swept
	entries, err := fsys.ReadDir(outDir)
	if err != nil {
		return sw, fmt.Errorf("sweep %s: %w", outDir, err)
	}
	olds := map[int][]string{}
	var stagings []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if m := oldRe.FindStringSubmatch(e.Name()); m != nil {
			y, _ := strconv.Atoi(m[1])
			olds[y] = append(olds[y], e.Name())
		} else if stagingRe.MatchString(e.Name()) {
			stagings = append(stagings, e.Name())
		}
	}
	years := make([]int, 0, len(olds))
	for y := range olds {
		years = append(years, y)
	}
	sort.Ints(years)
	var remove []string
	for _, y := range years {
		final := filepath.Join(outDir, PartitionName(y))
		has, err := exists(fsys, final)
		if err != nil {
			return sw, fmt.Errorf("sweep: %w", err)
		}
		if has {
			remove = append(remove, olds[y]...)
			continue
		}
		if len(olds[y]) > 1 {
			// One run at a time and a sweep before each makes this impossible; choosing
			// one could publish the wrong data, so stop and let a human look.
			return sw, fmt.Errorf("sweep: %s is missing and several previous partitions exist (%v): restore one by hand", final, olds[y])
		}
		if err := fsys.Rename(filepath.Join(outDir, olds[y][0]), final); err != nil {
			return sw, fmt.Errorf("sweep: restore %s: %w", final, err)
		}
		sw.Restored = append(sw.Restored, PartitionName(y))
	}
	if len(sw.Restored) > 0 {
		if err := fsys.Sync(outDir); err != nil {
			return sw, fmt.Errorf("sweep: %w", err)
		}
	}
	remove = append(remove, stagings...)
	sort.Strings(remove)
	for _, name := range remove {
		if err := discard(fsys, outDir, name); err != nil {
			left := name
			var de *discardError
			if errors.As(err, &de) {
				left = de.Name // renamed before its removal failed
			}
			sw.Failed = append(sw.Failed, Leftover{Name: left, Err: err})
			continue
		}
		sw.Removed = append(sw.Removed, name)
	}
	return sw, nil
}
