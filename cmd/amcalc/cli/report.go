package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/amcalc/amcalc/io/runreport"
)

// onceFlag is a string flag that may be given once: a second value is a usage error
// rather than silently replacing the first.
type onceFlag struct {
	value string
	set   bool
}

func (f *onceFlag) String() string { return f.value }

func (f *onceFlag) Set(s string) error {
	if f.set {
		return errors.New("given twice")
	}
	f.value, f.set = s, true
	return nil
}

// reportCmd writes the HTML report of one published partition (issue "amcalc report").
// Exit 0 written, 1 partition unreadable or incomplete (nothing written), 2 usage error.
func reportCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("amcalc report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	compare, lang, out := &onceFlag{}, &onceFlag{value: "en"}, &onceFlag{value: "report.html"}
	fs.Var(compare, "compare", "previous partition OLD/year=YYYY: add the diff summary")
	fs.Var(lang, "lang", "en or fr: labels, numbers and dates")
	fs.Var(out, "o", `output file ("-" for stdout)`)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: amcalc report OUT/year=YYYY [--compare OLD/year=YYYY] [--lang en|fr] [-o report.html]")
		fs.PrintDefaults()
	}
	// The partition may come before or after the flags.
	var dirs []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return ExitOK
			}
			return ExitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		dirs = append(dirs, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(dirs) != 1 {
		fmt.Fprintf(stderr, "amcalc report: want one partition OUT/year=YYYY, got %d\n", len(dirs))
		fs.Usage()
		return ExitUsage
	}
	if out.value == "" {
		fmt.Fprintln(stderr, "amcalc report: -o: want a file name or -")
		return ExitUsage
	}
	page, err := runreport.Build(dirs[0], runreport.Options{Lang: lang.value, CompareDir: compare.value})
	if err != nil {
		fmt.Fprintf(stderr, "amcalc report: %v\n", err)
		if errors.Is(err, runreport.ErrLang) {
			return ExitUsage
		}
		return ExitFailed
	}
	if out.value == "-" {
		if _, err := stdout.Write(page); err != nil {
			fmt.Fprintf(stderr, "amcalc report: %v\n", err)
			return ExitFailed
		}
		return ExitOK
	}
	if err := writeFileAtomic(out.value, page); err != nil {
		fmt.Fprintf(stderr, "amcalc report: %v\n", err)
		return ExitFailed
	}
	fmt.Fprintf(stdout, "wrote %s\n", out.value)
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
