package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/amcalc/amcalc/io/runreport"
)

// reportCmd writes the HTML report of one published partition (issue "amcalc report").
// Exit 0 written, 1 partition unreadable or incomplete (nothing written), 2 usage error.
func reportCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("amcalc report", stderr)
	var compare, lang, out string
	f.Text(&compare, "compare", "", "previous partition `OLD/year=YYYY`: add the diff summary")
	f.Text(&lang, "lang", "en", "`LANG`: en or fr (labels, numbers and dates)")
	f.Text(&out, "o", "report.html", "output `FILE` (\"-\" for stdout)")
	f.Usage = func() {
		fmt.Fprintln(f.Output(), "usage: amcalc report OUT/year=YYYY [--compare OLD/year=YYYY] [--lang en|fr] [-o report.html]")
		f.PrintDefaults()
	}
	// The partition may come before or after the flags.
	var dirs []string
	for {
		if code, ok := f.parse(args); !ok {
			return code
		}
		if f.NArg() == 0 {
			break
		}
		dirs = append(dirs, f.Arg(0))
		args = f.Args()[1:]
	}
	if len(dirs) != 1 {
		fmt.Fprintf(stderr, "amcalc report: want one partition OUT/year=YYYY, got %d\n", len(dirs))
		f.SetOutput(stderr)
		f.Usage()
		return ExitUsage
	}
	if err := f.nonEmpty("compare", "lang"); err != nil {
		return f.fail(err)
	}
	if out == "" {
		fmt.Fprintln(stderr, "amcalc report: -o: want a file name or -")
		return ExitUsage
	}
	page, err := runreport.Build(dirs[0], runreport.Options{Lang: lang, CompareDir: compare})
	if err != nil {
		fmt.Fprintf(stderr, "amcalc report: %v\n", err)
		if errors.Is(err, runreport.ErrLang) {
			return ExitUsage
		}
		return ExitFailed
	}
	if out == "-" {
		if _, err := stdout.Write(page); err != nil {
			fmt.Fprintf(stderr, "amcalc report: %v\n", err)
			return ExitFailed
		}
		return ExitOK
	}
	if err := writeFileAtomic(out, page); err != nil {
		fmt.Fprintf(stderr, "amcalc report: %v\n", err)
		return ExitFailed
	}
	fmt.Fprintf(stdout, "wrote %s\n", out)
	return ExitOK
}

// writeFileAtomic writes data to a temporary sibling of path, syncs it and renames it
// over path: a failed report never leaves half a file.
func writeFileAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
