package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"

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
}

// decoder turns one batch into rows (valid or not: st says which) and appends the row
// problems as rejects. It may return an error for a value it cannot represent.
type decoder[R any] func(b *batch, rows []R, st []uint8, rej []Reject) ([]Reject, error)

// fileOut is the result of reading one file.
type fileOut[R any] struct {
	info FileInfo
	rows []R
	st   []uint8
	rej  []Reject
	err  error
}

func readerProps(opt Options) *parquet.ReaderProperties {
	props := parquet.NewReaderProperties(opt.Alloc)
	// Stream column chunks through a small buffer instead of loading each one whole:
	// memory stays bounded by the batch size, not by the row group size.
	props.BufferedStreamEnabled = true
	props.BufferSize = 1 << 20
	return props
}

// openFile opens path as Parquet and checks its schema. The caller closes the reader.
func openFile(input, path string, specs []colSpec, props *parquet.ReaderProperties) (*os.File, *file.Reader, []leafCol, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read %s %s: %w", input, path, err)
	}
	pr, err := file.NewParquetReader(f, file.WithReadProps(props))
	if err != nil {
		f.Close()
		return nil, nil, nil, fmt.Errorf("read %s %s: not a readable Parquet file: %w", input, path, err)
	}
	leaves, err := checkSchema(input, path, pr.MetaData().Schema, specs)
	if err != nil {
		pr.Close() // closes f
		return nil, nil, nil, err
	}
	return f, pr, leaves, nil
}

// readInput lists the files of arg, checks every file's schema before reading any row,
// then reads the files on a small pool, each into its own slice; results keep file order.
func readInput[R any](ctx context.Context, input, arg string, specs []colSpec, opt Options, dec decoder[R]) ([]fileOut[R], error) {
	opt = opt.withDefaults()
	files, err := ListFiles(arg)
	if err != nil {
		return nil, err
	}
	props := readerProps(opt)

	// A bad file stops the run before anything else is read (DATA.md "Bad input").
	claimed := make([]int64, len(files))
	for i, fi := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		_, pr, _, err := openFile(input, fi.Path, specs, props)
		if err != nil {
			return nil, err
		}
		claimed[i] = pr.NumRows()
		pr.Close()
	}

	outs := make([]fileOut[R], len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range min(opt.Workers, len(files)) {
		wg.Go(func() {
			for i := range jobs {
				o := &outs[i]
				o.info = files[i]
				o.err = readFile(ctx, input, &o.info, specs, opt, props, claimed[i], dec, o)
				if o.err != nil {
					cancel()
				}
			}
		})
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	// Report the first failing file in file order, not whichever failed first in time;
	// a cancellation caused by another file's error is not that file's own error.
	var firstErr error
	for i := range outs {
		if e := outs[i].err; e != nil {
			if !errors.Is(e, context.Canceled) {
				return nil, e
			}
			if firstErr == nil {
				firstErr = e
			}
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return outs, nil
}

// readFile hashes one file and decodes all its rows into o.
func readFile[R any](ctx context.Context, input string, fi *FileInfo, specs []colSpec, opt Options, props *parquet.ReaderProperties, claimed int64, dec decoder[R], o *fileOut[R]) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, pr, leaves, err := openFile(input, fi.Path, specs, props)
	if err != nil {
		return err
	}
	defer pr.Close()
	wrap := func(err error) error { return fmt.Errorf("read %s %s: %w", input, fi.Path, err) }

	st, err := f.Stat()
	if err != nil {
		return wrap(err)
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, st.Size())); err != nil {
		return wrap(err)
	}
	fi.Bytes, fi.SHA256 = st.Size(), hex.EncodeToString(h.Sum(nil))

	nrows := pr.NumRows()
	if nrows != claimed {
		return wrap(errors.New("file changed while being read"))
	}
	if nrows == 0 {
		return nil
	}
	// The footer's row count only sizes the first allocation: a lying footer costs a
	// bounded amount and is caught below when the rows read differ.
	capRows := min(nrows, 1<<20)
	o.rows = make([]R, 0, capRows)
	o.st = make([]uint8, 0, capRows)

	fr, err := pqarrow.NewFileReader(pr, pqarrow.ArrowReadProperties{BatchSize: opt.BatchSize}, opt.Alloc)
	if err != nil {
		return wrap(err)
	}
	idx := make([]int, len(leaves))
	for i, l := range leaves {
		idx[i] = l.leaf
	}
	rr, err := fr.GetRecordReader(ctx, idx, nil)
	if err != nil {
		return wrap(err)
	}
	defer rr.Release()
	// The record's field order follows the file, not idx: find each listed column by name.
	pos := make([]int, len(specs))
	for i, cs := range specs {
		fis := rr.Schema().FieldIndices(cs.name)
		if len(fis) != 1 {
			return wrap(fmt.Errorf("column %s: %d matching Arrow fields", cs.name, len(fis)))
		}
		pos[i] = fis[0]
	}

	b := batch{cols: make([]column, len(specs)), rel: fi.Rel}
	for rr.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec := rr.RecordBatch()
		b.n = int(rec.NumRows())
		for i, cs := range specs {
			c, err := makeColumn(rec.Column(pos[i]), cs.kind, leaves[i].phys)
			if err != nil {
				return wrap(fmt.Errorf("column %s: %w", cs.name, err))
			}
			b.cols[i] = c
		}
		start := len(o.rows)
		o.rows = grow(o.rows, b.n)
		o.st = grow(o.st, b.n)
		o.rej, err = dec(&b, o.rows[start:], o.st[start:], o.rej)
		if err != nil {
			return wrap(err)
		}
		b.rowBase += int64(b.n)
	}
	// The record reader reports the end of the data as io.EOF (hidden by Err, checked anyway).
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		return wrap(err)
	}
	if b.rowBase != nrows {
		return wrap(fmt.Errorf("read %d rows, footer says %d", b.rowBase, nrows))
	}
	fi.Rows = nrows
	return nil
}

// grow extends s by n zero elements.
func grow[T any](s []T, n int) []T {
	s = slices.Grow(s, n)
	s = s[:len(s)+n]
	clear(s[len(s)-n:])
	return s
}
