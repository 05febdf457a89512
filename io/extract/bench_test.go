package extract

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// BenchmarkReadActivity2M reads a national-scale activity input: 2 million rows in 8
// yearly files of 250 000 doctors (DATA.md "activity"), written once outside the timer.
func BenchmarkReadActivity2M(b *testing.B) {
	const files, perFile = 8, 250_000
	dir := b.TempDir()
	for f := range files {
		year := int64(2018 + f)
		cols := []tcol{
			{name: "doctor_id", typ: arrow.BinaryTypes.String},
			{name: "year", typ: arrow.PrimitiveTypes.Int32},
			{name: "specialty", typ: arrow.BinaryTypes.String},
			{name: "mt_adult", typ: arrow.PrimitiveTypes.Int32},
			{name: "mt_child", typ: arrow.PrimitiveTypes.Int32},
			{name: "file_active", typ: arrow.PrimitiveTypes.Int64},
			{name: "fs_volet1", typ: arrow.FixedWidthTypes.Boolean},
		}
		specs := []string{"01", "02", "03", "05", "08", "35", "12"}
		for i := range perFile {
			var mt any = int64(i % 3000)
			if i%7 != 0 {
				mt = nil
			}
			cols[0].vals = append(cols[0].vals, fmt.Sprintf("1%010d", i))
			cols[1].vals = append(cols[1].vals, year)
			cols[2].vals = append(cols[2].vals, specs[i%len(specs)])
			cols[3].vals = append(cols[3].vals, mt)
			cols[4].vals = append(cols[4].vals, mt)
			cols[5].vals = append(cols[5].vals, int64(i%5000))
			cols[6].vals = append(cols[6].vals, i%3 == 0)
		}
		writeFile(b, dir, fmt.Sprintf("year=%d/part-0.parquet", year), writeOpts{rowGroup: 122_880}, cols)
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	runtime.GC()
	b.ResetTimer()
	c0, n := cpu(), 0
	defer func() { b.ReportMetric(float64((cpu()-c0).Milliseconds())/float64(n), "cpu-ms/op") }()
	for b.Loop() {
		n++
		tab, _, in, err := ReadActivityTable(context.Background(), dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if in.Rows != files*perFile || tab.NumValid() != files*perFile {
			b.Fatalf("rows %d valid %d", in.Rows, tab.NumValid())
		}
	}
}
