// Command pqdump prints the Parquet schema and the first rows of a file (a developer tool).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

func main() {
	n := flag.Int("n", 5, "rows to print (or batch size with -rows)")
	rows := flag.Bool("rows", false, "print every row, one line each, columns joined by |")
	flag.Parse()
	for _, p := range flag.Args() {
		rdr, err := file.OpenParquetFile(p, false)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("== %s rows=%d created_by=%q\n", p, rdr.NumRows(), rdr.MetaData().GetCreatedBy())
		fmt.Println(rdr.MetaData().Schema.String())
		fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: int64(*n)}, memory.DefaultAllocator)
		if err != nil {
			panic(err)
		}
		tbl, err := fr.ReadTable(context.Background())
		if err != nil {
			panic(err)
		}
		tr := array.NewTableReader(tbl, int64(*n))
		if *rows {
			for tr.Next() {
				rec := tr.RecordBatch()
				for r := 0; r < int(rec.NumRows()); r++ {
					parts := make([]string, rec.NumCols())
					for c := range parts {
						col := rec.Column(c)
						if col.IsNull(r) {
							parts[c] = "NULL"
						} else {
							parts[c] = col.ValueStr(r)
						}
					}
					fmt.Println(strings.Join(parts, " | "))
				}
			}
		} else if tr.Next() {
			rec := tr.RecordBatch()
			for i, f := range rec.Schema().Fields() {
				fmt.Printf("  %-22s %-20s %v\n", f.Name, f.Type, rec.Column(i))
			}
		}
	}
}
