// Package outfile writes the four Parquet outputs of a run (DATA.md "Outputs"):
// payments, contracts (the ledger), bands and rejects, with exactly the documented
// columns and types and fixed writer settings, so that the same rows always give the
// same bytes.
//
// It never sorts (the caller sorts at the sink; see the Sort and CheckSorted helpers),
// never computes anything, and never leaves a file it claims good: rows are checked
// before the file is created, and a file is only reported once it is written, synced,
// closed, re-opened and its footer read back with the right row count.
package outfile

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/vfs"
)

// Fixed writer settings. Every one is pinned rather than left to the library default,
// so that a library upgrade changing a default does not silently change our bytes.
const (
	// DefaultRecordRows is the number of rows per Arrow record fed to the writer and the
	// maximum row-group length: one row group per 64 Ki rows, the last one shorter. It
	// depends only on the row count, never on the number of workers.
	DefaultRecordRows = 64 * 1024
	// zstdLevel is zstd's own default level (3): good ratio, fast; fixed so the
	// compressed bytes are reproducible.
	zstdLevel = 3
	// pageSize and writeBatch pin the page boundaries.
	pageSize   = 1 << 20
	writeBatch = 1024
	// bufSize buffers the many small writes of the Parquet writer.
	bufSize = 1 << 16
)

// Options are the writer's parameters.
type Options struct {
	// Version is the program version, written as created_by "amcalc version <Version>".
	Version string
	// RecordRows is the rows per record and per row group; 0 means DefaultRecordRows.
	// Keep it fixed: a different value gives different (equivalent) bytes.
	RecordRows int
	// Alloc allocates Arrow buffers; nil means memory.DefaultAllocator.
	Alloc memory.Allocator
	// FS is the filesystem the file is written and read back through; nil means vfs.OS.
	FS vfs.FS
}

// Summary describes a file written and verified.
type Summary struct {
	File   string // base name, e.g. "payments.parquet"
	Rows   int64
	SHA256 string // hex of the file's bytes
	Bytes  int64
	// PayableTotal is the sum of payable (payments) or payable_total (contracts); 0 for
	// bands and rejects.
	PayableTotal calc.Cents
}

// WritePayments writes payments.parquet (rows sorted by the caller: see SortPayments).
func WritePayments(path string, rows []calc.Payment, o Options) (Summary, error) {
	return write(path, rows, paymentColumns, func(r *calc.Payment) calc.Cents { return r.Payable }, o)
}

// WriteLedger writes contracts.parquet (rows sorted by the caller: see SortLedger).
func WriteLedger(path string, rows []calc.Ledger, o Options) (Summary, error) {
	return write(path, rows, ledgerColumns, func(r *calc.Ledger) calc.Cents { return r.PayableTotal }, o)
}

// WriteBands writes bands.parquet (rows sorted by the caller: see SortBands).
func WriteBands(path string, rows []calc.Band, o Options) (Summary, error) {
	return write(path, rows, bandColumns, nil, o)
}

// WriteRejects writes rejects.parquet (rows sorted by the caller: see SortRejects).
func WriteRejects(path string, rows []RejectRow, o Options) (Summary, error) {
	return write(path, rows, rejectColumns, nil, o)
}

// CreatedBy is the created_by string written into every file's footer.
func CreatedBy(version string) string { return "amcalc version " + version }

func (o Options) withDefaults() (Options, error) {
	if o.Version == "" {
		return o, errors.New("outfile: Options.Version is empty (it is pinned in created_by)")
	}
	if o.RecordRows == 0 {
		o.RecordRows = DefaultRecordRows
	}
	if o.RecordRows < 0 {
		return o, fmt.Errorf("outfile: Options.RecordRows %d < 0", o.RecordRows)
	}
	if o.Alloc == nil {
		o.Alloc = memory.DefaultAllocator
	}
	if o.FS == nil {
		o.FS = vfs.OS
	}
	return o, nil
}

// writerProperties are the fixed Parquet settings for a file with these columns.
func writerProperties[T any](cols []column[T], o Options) *parquet.WriterProperties {
	var dict []string
	for _, c := range cols {
		if c.dict {
			dict = append(dict, c.name)
		}
	}
	return WriterProperties(o.Alloc, CreatedBy(o.Version), int64(o.RecordRows), dict)
}

// WriterProperties are the pinned Parquet writer settings of every file amcalc writes
// (outputs here, input extracts in io/inwrite): every setting that could change a byte is
// fixed, so that the same rows give the same file. Dictionary encoding is on only for the
// named low-cardinality columns.
func WriterProperties(mem memory.Allocator, createdBy string, rowGroupRows int64, dictColumns []string) *parquet.WriterProperties {
	opts := []parquet.WriterProperty{
		parquet.WithAllocator(mem),
		parquet.WithCreatedBy(createdBy),
		parquet.WithVersion(parquet.V2_6),
		parquet.WithDataPageVersion(parquet.DataPageV1),
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithCompressionLevel(zstdLevel),
		parquet.WithMaxRowGroupLength(rowGroupRows),
		parquet.WithDataPageSize(pageSize),
		parquet.WithDictionaryPageSizeLimit(pageSize),
		parquet.WithBatchSize(writeBatch),
		parquet.WithStats(true),
		parquet.WithPageIndexEnabled(false),
		parquet.WithBloomFilterEnabled(false),
		parquet.WithStoreDecimalAsInteger(true),
		parquet.WithRootName(parquet.DefaultRootName),
		parquet.WithDictionaryDefault(false),
	}
	for _, c := range dictColumns {
		opts = append(opts, parquet.WithDictionaryFor(c, true))
	}
	return parquet.NewWriterProperties(opts...)
}

func arrowSchema[T any](cols []column[T]) *arrow.Schema {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.name, Type: c.typ, Nullable: true}
	}
	return arrow.NewSchema(fields, nil)
}

// check runs every column check on every row and sums the payable amounts.
func check[T any](name string, rows []T, cols []column[T], total func(*T) calc.Cents) (calc.Cents, error) {
	var sum calc.Cents
	for i := range rows {
		for _, c := range cols {
			if c.check == nil {
				continue
			}
			if err := c.check(&rows[i]); err != nil {
				return 0, &RowError{File: name, Row: i, Column: c.name, Err: err}
			}
		}
		if total != nil {
			v := total(&rows[i])
			s := sum + v
			if (v > 0 && s < sum) || (v < 0 && s > sum) {
				return 0, fmt.Errorf("%s: payable total overflows int64 cents at row %d", name, i)
			}
			sum = s
		}
	}
	return sum, nil
}

func write[T any](path string, rows []T, cols []column[T], total func(*T) calc.Cents, o Options) (Summary, error) {
	name := filepath.Base(path)
	o, err := o.withDefaults()
	if err != nil {
		return Summary{}, err
	}
	sum, err := check(name, rows, cols, total)
	if err != nil {
		return Summary{}, err
	}
	f, err := o.FS.Create(path)
	if err != nil {
		return Summary{}, pathError("create", path, err)
	}
	sink := &hashingWriter{w: f, h: sha256.New()}
	if err := encode(sink, rows, cols, o); err != nil {
		f.Close()
		o.FS.Remove(path)
		return Summary{}, pathError("write", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		o.FS.Remove(path)
		return Summary{}, pathError("sync", path, err)
	}
	if err := f.Close(); err != nil {
		o.FS.Remove(path)
		return Summary{}, pathError("close", path, err)
	}
	if err := verify(path, int64(len(rows)), sink.n, len(cols), o); err != nil {
		o.FS.Remove(path)
		return Summary{}, err
	}
	return Summary{
		File:         name,
		Rows:         int64(len(rows)),
		SHA256:       hex.EncodeToString(sink.h.Sum(nil)),
		Bytes:        sink.n,
		PayableTotal: sum,
	}, nil
}

// pathError names the operation and the file that failed, once: an *fs.PathError of the
// same file already says both ("write P: no space left on device"), and is kept as it is.
func pathError(op, path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == path {
		return err
	}
	return &fs.PathError{Op: op, Path: path, Err: err}
}

// encode writes the Parquet bytes of rows to w, one record (and row group) per
// o.RecordRows rows.
func encode[T any](w io.Writer, rows []T, cols []column[T], o Options) error {
	bw := bufio.NewWriterSize(w, bufSize)
	schema := arrowSchema(cols)
	// bw is not an io.Closer, so the Parquet writer cannot close our file behind us.
	fw, err := pqarrow.NewFileWriter(schema, bw, writerProperties(cols, o),
		pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(o.Alloc)))
	if err != nil {
		return err
	}
	for start := 0; start < len(rows); start += o.RecordRows {
		end := min(start+o.RecordRows, len(rows))
		rec := buildRecord(schema, cols, rows[start:end], o.Alloc)
		err := fw.Write(rec)
		rec.Release()
		if err != nil {
			fw.Close()
			return err
		}
	}
	if err := fw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

func buildRecord[T any](schema *arrow.Schema, cols []column[T], rows []T, mem memory.Allocator) arrow.RecordBatch {
	arrs := make([]arrow.Array, len(cols))
	for j, c := range cols {
		b := array.NewBuilder(mem, c.typ)
		b.Reserve(len(rows))
		for i := range rows {
			c.put(b, &rows[i])
		}
		arrs[j] = b.NewArray()
		b.Release()
	}
	rec := array.NewRecordBatch(schema, arrs, int64(len(rows)))
	for _, a := range arrs {
		a.Release()
	}
	return rec
}

// verify re-opens a closed file and checks that its footer parses and tells the row
// count, column count and size we wrote.
func verify(path string, rows, size int64, ncols int, o Options) error {
	rf, err := o.FS.Open(path)
	if err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	defer rf.Close()
	end, err := rf.Seek(0, io.SeekEnd)
	if err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	if end != size {
		return fmt.Errorf("verify %s: %w: %d bytes on disk, %d written", path, ErrVerify, end, size)
	}
	rdr, err := file.NewParquetReader(rf, file.WithReadProps(parquet.NewReaderProperties(o.Alloc)))
	if err != nil {
		return fmt.Errorf("verify %s: %w: footer: %w", path, ErrVerify, err)
	}
	md := rdr.MetaData()
	if got := rdr.NumRows(); got != rows {
		return fmt.Errorf("verify %s: %w: footer says %d rows, %d written", path, ErrVerify, got, rows)
	}
	if got := md.Schema.NumColumns(); got != ncols {
		return fmt.Errorf("verify %s: %w: footer says %d columns, want %d", path, ErrVerify, got, ncols)
	}
	return nil
}

// hashingWriter counts and hashes the bytes its writer accepted.
type hashingWriter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func (s *hashingWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.h.Write(p[:n])
	s.n += int64(n)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	return n, err
}
