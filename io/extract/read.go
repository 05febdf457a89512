package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Row states kept beside the rows of one file until the duplicate pass is done.
const (
	stBad     uint8 = 1 << iota // at least one reject
	stKeyNull                   // a key part is null: never a duplicate
	stDup                       // DUPLICATE_KEY already reported
)

// problem is one failed check of one row.
type problem struct{ column, problem, detail string }

// batch is what a decoder sees: the listed columns of one record batch, in spec order.
type batch struct {
	cols    []column
	n       int
	rowBase int64 // row number of the batch's first row in its file
	rel     string

	aux       *activityAux      // activity only: tables shared by the input's files
	specCache map[string]uint16 // activity only: this file's specialty ids
}

// sink is where a decoder puts the n rows of a batch, valid or not (st says which), and
// each row's specialty id (activity only).
type sink[R any] struct {
	rows []R
	st   []uint8
	spec []uint16
}

// decoder turns one batch into rows and appends the row problems as rejects. It may
// return an error for a value it cannot represent.
type decoder[R any] func(b *batch, out sink[R], rej []Reject) ([]Reject, error)

// table holds every row of one input, valid or not, until the duplicate pass and compaction.
type table[R any] struct {
	files []FileInfo
	offs  []int64 // rows of file f: offs[f] ≤ i < offs[f+1]
	all   sink[R]
	rej   []Reject
	aux   *activityAux
}

// MaxRows bounds the rows of one input. Rows are held in memory; the bound also keeps a
// corrupt footer from asking for an absurd allocation.
const MaxRows = 1 << 25

func readerProps(opt Options) *parquet.ReaderProperties {
	props := parquet.NewReaderProperties(opt.Alloc)
	// Stream column chunks through a small buffer instead of loading each one whole:
	// memory stays bounded by the batch size, not by the row group size.
	props.BufferedStreamEnabled = true
	props.BufferSize = 1 << 20
	return props
}

// openFile opens path as Parquet and checks its schema. The caller closes the reader.
func openFile(input, path string, specs []Column, props *parquet.ReaderProperties) (_ *os.File, _ *file.Reader, _ []leafCol, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, fileErr(input, path, err)
	}
	// A corrupt footer (e.g. a negative child count) can make the Parquet reader panic:
	// that is a bad file, not a crash.
	defer func() {
		if p := recover(); p != nil {
			f.Close()
			err = fileErr(input, path, fmt.Errorf("%w: %w: %v", ErrNotParquet, ErrCorruptFooter, p))
		}
	}()
	pr, err := file.NewParquetReader(f, file.WithReadProps(props))
	if err != nil {
		f.Close()
		return nil, nil, nil, fileErr(input, path, fmt.Errorf("%w: %w", ErrNotParquet, err))
	}
	if pr.NumRows() < 0 {
		pr.Close()
		return nil, nil, nil, fileErr(input, path, fmt.Errorf("%w: %w: footer claims %d rows", ErrNotParquet, ErrCorruptFooter, pr.NumRows()))
	}
	leaves, err := checkSchema(input, path, pr.MetaData().Schema, specs)
	if err != nil {
		pr.Close() // closes f
		return nil, nil, nil, err
	}
	return f, pr, leaves, nil
}

// readInput lists the files of arg, checks every file's schema before reading any row,
// then reads the files on a small pool into one table; rows keep file then row order.
// Of several bad files, the error names the first in path byte order, whatever the
// workers' timing.
func readInput[R any](ctx context.Context, input, arg string, specs []Column, opt Options, aux *activityAux, dec decoder[R]) (*table[R], error) {
	opt = opt.withDefaults()
	files, err := listFiles(arg)
	if err != nil {
		return nil, fileErr(input, arg, err)
	}
	props := readerProps(opt)

	// A bad file stops the run before any row is read (DATA.md "Bad input"). The footers
	// also give each file its place in the table.
	offs := make([]int64, len(files)+1)
	for i, fi := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		_, pr, _, err := openFile(input, fi.Path, specs, props)
		if err != nil {
			return nil, err
		}
		offs[i+1] = offs[i] + pr.NumRows()
		pr.Close()
		if offs[i+1] > MaxRows {
			return nil, fileErr(input, arg, fmt.Errorf("the input holds more than %d rows", MaxRows))
		}
	}
	total := offs[len(files)]
	t := &table[R]{files: files, offs: offs, aux: aux, all: sink[R]{rows: make([]R, total), st: make([]uint8, total)}}
	if aux != nil {
		t.all.spec = make([]uint16, total)
	}

	rejs := make([][]Reject, len(files))
	errs := make([]error, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	// A failing file stops only the files after it: a file before it may fail too, and
	// then it is the one to name. firstBad is the lowest failing file index so far.
	var firstBad atomic.Int64
	firstBad.Store(math.MaxInt64)
	for range min(opt.Workers, len(files)) {
		wg.Go(func() {
			for i := range jobs {
				stop := func() error {
					if err := ctx.Err(); err != nil {
						return err
					}
					if firstBad.Load() < int64(i) {
						return errStopped
					}
					return nil
				}
				out := sink[R]{rows: t.all.rows[offs[i]:offs[i+1]], st: t.all.st[offs[i]:offs[i+1]]}
				if aux != nil {
					out.spec = t.all.spec[offs[i]:offs[i+1]]
				}
				rejs[i], errs[i] = readFile(stop, input, &files[i], specs, opt, props, aux, out, dec)
				if errs[i] != nil {
					for {
						cur := firstBad.Load()
						if cur <= int64(i) || firstBad.CompareAndSwap(cur, int64(i)) {
							break
						}
					}
				} else if opt.Progress != nil {
					opt.Progress(files[i])
				}
			}
		})
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The first failing file in path order; a file stopped because an earlier one failed
	// has no error of its own.
	for _, e := range errs {
		if e != nil && !errors.Is(e, errStopped) {
			return nil, e
		}
	}
	for _, r := range rejs {
		t.rej = append(t.rej, r...)
	}
	return t, nil
}

// errStopped: the file was not read to its end because an earlier file is bad.
var errStopped = errors.New("stopped: an earlier file is bad")

// readFile hashes one file and decodes all its rows into out, sized from the footer. stop
// says when to give up (the run canceled, or an earlier file bad).
func readFile[R any](stop func() error, input string, fi *FileInfo, specs []Column, opt Options, props *parquet.ReaderProperties, aux *activityAux, out sink[R], dec decoder[R]) (rej []Reject, err error) {
	// A corrupt page can make the decoders panic: that is a bad file, not a crash.
	defer func() {
		if p := recover(); p != nil {
			rej, err = nil, fileErr(input, fi.Path, fmt.Errorf("%w: %v", ErrCorruptData, p))
		}
	}()
	if err := stop(); err != nil {
		return nil, err
	}
	f, pr, leaves, err := openFile(input, fi.Path, specs, props)
	if err != nil {
		return nil, err
	}
	defer pr.Close()
	wrap := func(err error) error { return fileErr(input, fi.Path, err) }

	st, err := f.Stat()
	if err != nil {
		return nil, wrap(err)
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, st.Size())); err != nil {
		return nil, wrap(err)
	}
	fi.Bytes, fi.SHA256 = st.Size(), hex.EncodeToString(h.Sum(nil))

	nrows := int64(len(out.rows))
	if pr.NumRows() != nrows {
		return nil, wrap(errors.New("file changed while being read"))
	}
	fi.Rows = nrows
	if nrows == 0 {
		return nil, nil
	}

	aprops := pqarrow.ArrowReadProperties{BatchSize: opt.BatchSize}
	for i, cs := range specs {
		if cs.Dict && leaves[i].leaf >= 0 {
			aprops.SetReadDict(leaves[i].leaf, true)
		}
	}
	fr, err := pqarrow.NewFileReader(pr, aprops, opt.Alloc)
	if err != nil {
		return nil, wrap(err)
	}
	keepPhysicalWidth(fr.Manifest, specs, leaves)
	idx := make([]int, 0, len(leaves))
	for _, l := range leaves {
		if l.leaf >= 0 {
			idx = append(idx, l.leaf)
		}
	}
	rr, err := fr.GetRecordReader(context.Background(), idx, nil)
	if err != nil {
		return nil, wrap(err)
	}
	defer rr.Release()
	// The record's field order follows the file, not idx: find each listed column by name
	// (checkSchema made it the only top-level primitive of that name). -1: absent.
	pos := make([]int, len(specs))
	for i, cs := range specs {
		pos[i] = -1
		if leaves[i].leaf < 0 {
			continue
		}
		fis := rr.Schema().FieldIndices(cs.Name)
		if len(fis) != 1 {
			return nil, wrap(fmt.Errorf("column %s: %d matching Arrow fields", cs.Name, len(fis)))
		}
		pos[i] = fis[0]
	}

	b := batch{cols: make([]column, len(specs)), rel: fi.Rel, aux: aux, specCache: map[string]uint16{}}
	in := interner{}
	for rr.Next() {
		if err := stop(); err != nil {
			return nil, err
		}
		rec := rr.RecordBatch()
		b.n = int(rec.NumRows())
		if b.rowBase+int64(b.n) > nrows {
			return nil, wrap(fmt.Errorf("more rows than the footer's %d", nrows))
		}
		for i, cs := range specs {
			if pos[i] < 0 {
				b.cols[i] = absentColumn()
				continue
			}
			c, err := makeColumn(rec.Column(pos[i]), cs.Kind, leaves[i].phys, in)
			if bs, ok := err.(*badStringError); ok {
				return nil, badStringErr(input, fi.Path, b.rowBase+int64(bs.row), cs.Name, bs.value)
			}
			if err != nil {
				return nil, wrap(fmt.Errorf("column %s: %w", cs.Name, err))
			}
			b.cols[i] = c
		}
		lo, hi := b.rowBase, b.rowBase+int64(b.n)
		part := sink[R]{rows: out.rows[lo:hi], st: out.st[lo:hi]}
		if out.spec != nil {
			part.spec = out.spec[lo:hi]
		}
		if rej, err = dec(&b, part, rej); err != nil {
			return nil, wrap(err)
		}
		b.rowBase = hi
	}
	// The record reader reports the end of the data as io.EOF (hidden by Err, checked anyway).
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		return nil, wrap(err)
	}
	if b.rowBase != nrows {
		return nil, wrap(fmt.Errorf("read %d rows, footer says %d", b.rowBase, nrows))
	}
	return rej, nil
}

// finish compacts the valid rows in place (file then row order kept), counts the
// rejected ones and sorts the rejects.
func finish[R any](input, arg string, t *table[R]) ([]R, []Reject, Input, error) {
	in := Input{Arg: arg, Files: t.files, Rows: int64(len(t.all.rows))}
	rows := t.all.rows[:0]
	for r, s := range t.all.st {
		if s&stBad != 0 {
			in.RejectedRows++
			continue
		}
		if r == len(rows) {
			rows = rows[:r+1] // nothing rejected yet: no copy
		} else {
			rows = append(rows, t.all.rows[r])
		}
	}
	clear(t.all.rows[len(rows):]) // the tail must not keep rejected rows' strings alive
	sortRejects(t.rej)
	return rows, t.rej, in, nil
}

// keepPhysicalWidth makes the Arrow reader return an integer column at its physical width
// (INT32 or INT64) even when a narrower signed annotation (Int(8), Int(16)) would make it
// cast each value down: a value beyond the annotation is kept, never narrowed (DATA.md
// "Inputs").
func keepPhysicalWidth(m *pqarrow.SchemaManifest, specs []Column, leaves []leafCol) {
	for i, cs := range specs {
		if cs.Kind != KindInt || leaves[i].leaf < 0 {
			continue
		}
		wide := arrow.DataType(arrow.PrimitiveTypes.Int32)
		if leaves[i].phys == parquet.Types.Int64 {
			wide = arrow.PrimitiveTypes.Int64
		}
		for j := range m.Fields {
			sf := &m.Fields[j]
			if sf.ColIndex != leaves[i].leaf || sf.Field == nil {
				continue
			}
			if fw, ok := sf.Field.Type.(arrow.FixedWidthDataType); ok && arrow.IsInteger(sf.Field.Type.ID()) && fw.BitWidth() < wide.(arrow.FixedWidthDataType).BitWidth() {
				f := *sf.Field
				f.Type = wide
				sf.Field = &f
			}
		}
	}
}
