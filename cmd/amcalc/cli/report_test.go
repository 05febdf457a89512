package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	pngpkg "image/png"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	xlocal "github.com/xitongsys/parquet-go-source/local"
	xcommon "github.com/xitongsys/parquet-go/common"
	xreader "github.com/xitongsys/parquet-go/reader"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/publish"
)

var reportGolden = filepath.Join(fixtures, "report")

// runInto runs amcalc run on the fixture extracts into out and returns the partition.
func runInto(t *testing.T, out, year string, extra ...string) string {
	t.Helper()
	args := append([]string{"run", "--year", year,
		"--contracts", filepath.Join(fixtures, "input", "contracts.parquet"),
		"--activity", filepath.Join(fixtures, "input", "activity"),
		"--suspensions", filepath.Join(fixtures, "input", "suspensions.parquet"),
		"--out", out, "--log-level", "error"}, extra...)
	var stderr bytes.Buffer
	if code := Main(t.Context(), args, io.Discard, &stderr); code != ExitOK {
		t.Fatalf("amcalc %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return filepath.Join(out, "year="+year)
}

// report runs amcalc report with args and returns the exit code, stdout and stderr.
func report(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(t.Context(), append([]string{"report"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

var embeddedRE = regexp.MustCompile(`(?s)<script type="application/json" id="amcalc-report">(.*?)</script>`)

// reportJSON is the part of the embedded JSON the tests recompute.
type reportJSON struct {
	Year             int               `json:"year"`
	PayableTotal     string            `json:"payable_total"`
	Events           int               `json:"events"`
	CountsByStatus   map[string]int    `json:"counts_by_status"`
	PayableByMonth   map[string]string `json:"payable_by_month"`
	RejectsByProblem map[string]int    `json:"rejects_by_problem"`
	Instalments      struct {
		Count int    `json:"count"`
		Total string `json:"total"`
	} `json:"instalments"`
	Settlements struct {
		Count int    `json:"count"`
		Total string `json:"total"`
	} `json:"settlements"`
	Recoveries struct {
		Count int    `json:"count"`
		Total string `json:"total"`
	} `json:"recoveries"`
	LedgerPayableTotal string `json:"ledger_payable_total"`
	Compare            *struct {
		PayableDelta *string `json:"payable_delta"`
	} `json:"compare"`
}

func embedded(t *testing.T, page string) reportJSON {
	t.Helper()
	m := embeddedRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no embedded JSON in the page")
	}
	var r reportJSON
	if err := json.Unmarshal([]byte(m[1]), &r); err != nil {
		t.Fatalf("embedded JSON: %v\n%s", err, m[1])
	}
	return r
}

// xcolumn reads one column of a Parquet file with the independent reader.
func xcolumn(t *testing.T, path, col string) []any {
	t.Helper()
	pf, err := xlocal.NewLocalFileReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	pr, err := xreader.NewParquetColumnReader(pf, 1)
	if err != nil {
		t.Fatalf("independent reader cannot open %s: %v", path, err)
	}
	defer pr.ReadStop()
	n := pr.GetNumRows()
	vals, _, _, err := pr.ReadColumnByPath(xcommon.ReformPathStr("parquet_go_root."+col), n)
	if err != nil {
		vals, _, _, err = pr.ReadColumnByPath(xcommon.ReformPathStr("schema."+col), n)
	}
	if err != nil {
		t.Fatalf("%s: read %s: %v", path, col, err)
	}
	if int64(len(vals)) != n {
		t.Fatalf("%s: %s: %d values for %d rows", path, col, len(vals), n)
	}
	return vals
}

// independentFigures recomputes the report's headline numbers from the Parquet files
// with the independent reader, by its own arithmetic.
func independentFigures(t *testing.T, dir string) reportJSON {
	t.Helper()
	pay := filepath.Join(dir, "payments.parquet")
	kinds, dates, payable := xcolumn(t, pay, "kind"), xcolumn(t, pay, "event_date"), xcolumn(t, pay, "payable")
	var r reportJSON
	var total, inst, sett, rec int64
	months := map[string]int64{}
	for m := 1; m <= 12; m++ {
		months[fmt.Sprintf("%04d-%02d", yearOf(t, dir), m)] = 0
	}
	for i := range payable {
		c := payable[i].(int64) // DECIMAL(18,2) stored as INT64: cents
		total += c
		switch kinds[i].(string) {
		case "advance":
			inst += c
			r.Instalments.Count++
		case "settlement":
			sett += c
			r.Settlements.Count++
		default:
			t.Fatalf("kind %v", kinds[i])
		}
		if c < 0 {
			rec += c
			r.Recoveries.Count++
		}
		d := time.Unix(int64(dates[i].(int32))*86400, 0).UTC()
		months[d.Format("2006-01")] += c
	}
	r.Events = len(payable)
	r.PayableTotal = calc.Cents(total).String()
	r.Instalments.Total, r.Settlements.Total, r.Recoveries.Total = calc.Cents(inst).String(), calc.Cents(sett).String(), calc.Cents(rec).String()
	r.PayableByMonth = map[string]string{}
	for k, v := range months {
		r.PayableByMonth[k] = calc.Cents(v).String()
	}
	r.CountsByStatus = map[string]int{}
	var ledger int64
	for _, s := range xcolumn(t, filepath.Join(dir, "contracts.parquet"), "status") {
		r.CountsByStatus[s.(string)]++
	}
	for _, v := range xcolumn(t, filepath.Join(dir, "contracts.parquet"), "payable_total") {
		ledger += v.(int64)
	}
	r.LedgerPayableTotal = calc.Cents(ledger).String()
	r.RejectsByProblem = map[string]int{}
	for _, p := range xcolumn(t, filepath.Join(dir, "rejects.parquet"), "problem") {
		r.RejectsByProblem[p.(string)]++
	}
	return r
}

func yearOf(t *testing.T, dir string) int {
	var y int
	if _, err := fmt.Sscanf(filepath.Base(dir), "year=%d", &y); err != nil {
		t.Fatal(err)
	}
	return y
}

func checkFigures(t *testing.T, dir string) {
	t.Helper()
	code, page, stderr := report(t, dir, "-o", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, want := embedded(t, page), independentFigures(t, dir)
	want.Year = yearOf(t, dir)
	if !equalJSON(t, got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("embedded figures differ from the independent reader's\n--- page\n%s\n--- independent\n%s", g, w)
	}
	// The manifest's own totals agree too (the run wrote them, the page recomputed them).
	var m publish.Manifest
	b, _ := os.ReadFile(filepath.Join(dir, publish.ManifestName))
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Outputs[0].PayableTotal != got.PayableTotal {
		t.Errorf("manifest payable %s, page %s", m.Outputs[0].PayableTotal, got.PayableTotal)
	}
	for k, v := range m.CountsByStatus {
		if int64(got.CountsByStatus[k]) != v {
			t.Errorf("counts_by_status[%s]: manifest %d, page %d", k, v, got.CountsByStatus[k])
		}
	}
}

func equalJSON(t *testing.T, a, b reportJSON) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(ja, jb)
}

// TestReportFigures: the numbers embedded in the page equal the sums the independent
// Parquet reader computes from the partition's files, for the fixture runs (2024, 2021)
// and the five conformance runs.
func TestReportFigures(t *testing.T) {
	for _, year := range []string{"2024", "2021"} {
		t.Run("fixtures-"+year, func(t *testing.T) {
			checkFigures(t, runInto(t, t.TempDir(), year))
		})
	}
	base := filepath.Join(fixtures, "conformance", "input")
	for _, c := range conformanceCases {
		t.Run("conformance-"+c.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"run", "--contracts", filepath.Join(base, "contracts.parquet"),
				"--activity", filepath.Join(base, "activity"),
				"--suspensions", filepath.Join(base, "suspensions.parquet"),
				"--out", out, "--log-level", "error"}, c.args...)
			if code := Main(t.Context(), args, io.Discard, io.Discard); code != ExitOK {
				t.Fatalf("run: exit %d", code)
			}
			checkFigures(t, filepath.Join(out, "year="+c.year))
		})
	}
}

// fixedManifestTimes makes a partition's report reproducible: the run's times and
// worker count are the only manifest fields that change from one run to the next.
func fixedManifestTimes(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, publish.ManifestName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m publish.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m.StartedAt, m.FinishedAt, m.Workers = "2025-01-02T03:00:00Z", "2025-01-02T03:00:01Z", 2
	if b, err = publish.MarshalManifest(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// goldenRuns publishes the fixture year 2024 (new/) and the same year as of 30 June
// (old/) under one folder, with fixed manifest times, and returns the folder.
func goldenRuns(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	fixedManifestTimes(t, runInto(t, filepath.Join(root, "new"), "2024"))
	fixedManifestTimes(t, runInto(t, filepath.Join(root, "old"), "2024", "--as-of", "2024-06-30"))
	return root
}

// reportGoldens are the checked-in pages: the fixture year 2024 in each language, and
// compared with the same year as of 30 June.
var reportGoldens = []struct{ file, lang, compare string }{
	{"fixtures-2024.en.html", "en", ""},
	{"fixtures-2024.fr.html", "fr", ""},
	{"fixtures-2024-compare.en.html", "en", "old/year=2024"},
}

// TestReportGolden compares the pages of the fixture run with fixtures/report; regenerate
// with `go test ./cmd/amcalc/cli -run TestReportGolden -update` and review the diff.
// A second report of the same partitions must give the same bytes (no clock, no map order).
func TestReportGolden(t *testing.T) {
	root := goldenRuns(t)
	goldenDir, err := filepath.Abs(reportGolden)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root) // the page shows the partition as named: keep the name short and fixed
	for _, g := range reportGoldens {
		t.Run(g.file, func(t *testing.T) {
			args := []string{"new/year=2024", "--lang", g.lang, "-o", "-"}
			if g.compare != "" {
				args = append(args, "--compare", g.compare)
			}
			code, got, stderr := report(t, args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if _, again, _ := report(t, args...); again != got {
				t.Fatal("two reports of the same partition differ")
			}
			path := filepath.Join(goldenDir, g.file)
			if *update {
				if err := os.MkdirAll(goldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (regenerate with -update)", err)
			}
			if got != string(want) {
				t.Errorf("page differs from %s (regenerate with -update and review the diff)\n%s", path, firstDiff(got, string(want)))
			}
		})
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n got  %q\n want %q", i+1, x, y)
		}
	}
	return ""
}

// TestReportPage checks what a reader sees on the fixture pages: French and English
// formats, the sections, and the compare summary.
func TestReportPage(t *testing.T) {
	root := goldenRuns(t)
	newDir, oldDir := filepath.Join(root, "new", "year=2024"), filepath.Join(root, "old", "year=2024")
	_, en, _ := report(t, newDir, "-o", "-")
	_, fr, _ := report(t, "--lang", "fr", newDir, "-o", "-")
	_, cmpPage, _ := report(t, newDir, "--compare", oldDir, "-o", "-")
	for _, c := range []struct{ name, page, want string }{
		// The golden ledger's total, 367 232,72 €, with U+202F between thousands and
		// U+00A0 before €.
		{"fr money", fr, "367\u202f232,72\u00a0€"},
		{"fr date", fr, "31/12/2024"},
		{"fr label", fr, "Montant à payer par mois"},
		{"en money", en, "367,232.72\u00a0€"},
		{"en date", en, "2024-12-31"},
		{"en conservation", en, "202 = 200 + 2 ✓"},
		{"en no script but data", en, `<script type="application/json" id="amcalc-report">`},
		{"en CSP", en, `default-src 'none'`},
		{"en A4", en, "@page { size: A4;"},
		{"en 75 % line", en, "75% (R-MOD-1)"},
		{"compare", cmpPage, "Changes since the previous run"},
	} {
		if !strings.Contains(c.page, c.want) {
			t.Errorf("%s: page lacks %q", c.name, c.want)
		}
	}
	for _, p := range []string{en, fr, cmpPage} {
		if n := strings.Count(p, "<script"); n != 1 {
			t.Errorf("%d script elements, want only the JSON data block", n)
		}
		for _, bad := range []string{"http://", "https://", "src=", "url(", "@import", "<link", "<img"} {
			if strings.Contains(p, bad) {
				t.Errorf("page contains %q: it must fetch nothing", bad)
			}
		}
	}
	if strings.Contains(fr, "367,232.72") || strings.Contains(en, "367\u202f232,72") {
		t.Error("a language uses the other's number format")
	}
	// The compare summary's payable delta is NEW − OLD, from the two manifests' totals.
	mtotal := func(dir string) int64 {
		var m publish.Manifest
		b, _ := os.ReadFile(filepath.Join(dir, publish.ManifestName))
		_ = json.Unmarshal(b, &m)
		var c int64
		var w, f int64
		fmt.Sscanf(m.Outputs[0].PayableTotal, "%d.%d", &w, &f)
		c = w*100 + f
		return c
	}
	delta := calc.Cents(mtotal(newDir) - mtotal(oldDir)).String()
	if j := embedded(t, cmpPage); j.Compare == nil || j.Compare.PayableDelta == nil || *j.Compare.PayableDelta != delta {
		t.Errorf("compare payable_delta: want %s, got %+v", delta, j.Compare)
	}
}

// TestReportExitCodes: 1 when the partition is incomplete or altered (naming the file,
// writing nothing), 2 on a usage error.
func TestReportExitCodes(t *testing.T) {
	good := runInto(t, t.TempDir(), "2024")
	copyPartition := func(t *testing.T) string {
		dst := filepath.Join(t.TempDir(), "year=2024")
		if err := os.MkdirAll(dst, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range append(slices.Clone(outputFiles), publish.ManifestName) {
			b, err := os.ReadFile(filepath.Join(good, f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dst, f), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dst
	}
	failures := []struct {
		name, file string
		spoil      func(path string) error
		want       string
	}{
		{"missing bands file", "bands.parquet", os.Remove, "bands.parquet: partition incomplete: missing"},
		{"missing manifest", publish.ManifestName, os.Remove, "_MANIFEST.json: partition incomplete: missing"},
		{"rejects altered after publishing", "rejects.parquet", func(p string) error {
			f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			_, err = f.Write([]byte{0})
			return errors.Join(err, f.Close())
		}, "rejects.parquet: sha256 differs from the manifest"},
		{"payments not in the manifest", publish.ManifestName, func(p string) error {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(p, bytes.Replace(b, []byte(`"file": "payments.parquet"`), []byte(`"file": "other.parquet"`), 1), 0o644)
		}, "payments.parquet: partition incomplete: not listed in _MANIFEST.json"},
	}
	for _, c := range failures {
		t.Run("exit_1/"+c.name, func(t *testing.T) {
			dir := copyPartition(t)
			if err := c.spoil(filepath.Join(dir, c.file)); err != nil {
				t.Fatal(err)
			}
			outDir := t.TempDir()
			out := filepath.Join(outDir, "report.html")
			if err := os.WriteFile(out, []byte("previous report"), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := report(t, dir, "-o", out)
			if code != ExitFailed || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 naming %q", code, stderr, c.want)
			}
			if b, _ := os.ReadFile(out); string(b) != "previous report" {
				t.Error("a failed report replaced the previous file")
			}
			if entries, _ := os.ReadDir(outDir); len(entries) != 1 {
				t.Errorf("a failed report left files behind: %v", entries)
			}
		})
	}
	usage := []struct {
		name string
		args []string
	}{
		{"no partition", nil},
		{"two partitions", []string{good, good}},
		{"unknown language", []string{good, "--lang", "de"}},
		{"lang twice", []string{good, "--lang", "fr", "--lang", "en"}},
		{"output twice", []string{good, "-o", "a.html", "-o", "b.html"}},
		{"compare twice", []string{good, "--compare", good, "--compare", good}},
		{"unknown flag", []string{good, "--format", "pdf"}},
		{"empty output name", []string{good, "-o", ""}},
	}
	for _, c := range usage {
		t.Run("exit_2/"+c.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if code, _, stderr := report(t, c.args...); code != ExitUsage {
				t.Errorf("exit %d (%s), want 2", code, stderr)
			}
			if entries, _ := os.ReadDir("."); len(entries) != 0 {
				t.Errorf("a usage error wrote %v", entries)
			}
		})
	}
	t.Run("exit_0/default report.html in the current folder", func(t *testing.T) {
		t.Chdir(t.TempDir())
		code, stdout, stderr := report(t, good)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		b, err := os.ReadFile("report.html")
		if err != nil || !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) || stdout != "wrote report.html\n" {
			t.Errorf("report.html: %v, %d bytes, stdout %q", err, len(b), stdout)
		}
		if entries, _ := os.ReadDir("."); len(entries) != 1 {
			t.Errorf("files left besides report.html: %v", entries)
		}
	})
	t.Run("exit_1/missing compare partition", func(t *testing.T) {
		if code, _, stderr := report(t, good, "--compare", filepath.Join(t.TempDir(), "nothing"), "-o", "-"); code != ExitFailed {
			t.Errorf("exit %d (%s), want 1", code, stderr)
		}
	})
}

// chromiumPath is the Debian package's browser (.ci/run installs it).
const chromiumPath = "/usr/bin/chromium"

// newBrowser starts headless Chromium for one test (flags as the issue lists them) and
// returns its context; pages open in their own tabs with browserLoad.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Nothing can resolve or connect, whatever the page asked for.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1100, 900),
	)
	ctx, cancel := context.WithTimeout(t.Context(), 25*time.Second)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return bctx
}

// browserLoad opens the file page in a new tab of browser with the network off, and
// returns the full-page PNG, the console errors, the failed requests and every requested URL.
func browserLoad(t *testing.T, browser context.Context, page string) (png []byte, consoleErrors, failed, requests []string) {
	t.Helper()
	bctx, cancel := chromedp.NewContext(browser)
	defer cancel()

	var mu sync.Mutex
	if err := chromedp.Listen(bctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, ev.Request.URL)
		case *network.EventLoadingFailed:
			failed = append(failed, fmt.Sprintf("%s %s", ev.Type, ev.ErrorText))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				consoleErrors = append(consoleErrors, fmt.Sprintf("console.%s", ev.Type))
			}
		case *runtime.EventExceptionThrown:
			consoleErrors = append(consoleErrors, "exception: "+ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				consoleErrors = append(consoleErrors, fmt.Sprintf("%s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	if _, err := chromedp.Call(bctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: true, DownloadThroughput: -1, UploadThroughput: -1,
	}); err != nil {
		t.Fatalf("network off: %v", err)
	}
	abs, err := filepath.Abs(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.Navigate("file://"+abs)); err != nil {
		t.Fatalf("load %s: %v", abs, err)
	}
	if png, err = chromedp.Run(bctx, chromedp.FullScreenshot(100)); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	return png, slices.Clone(consoleErrors), slices.Clone(failed), slices.Clone(requests)
}

// distinctColours counts the colours of an image, up to limit.
func distinctColours(t *testing.T, b []byte, limit int) (n, width, height int) {
	t.Helper()
	img, err := pngpkg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	seen := map[[4]uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y && len(seen) < limit; y += 2 {
		for x := r.Min.X; x < r.Max.X && len(seen) < limit; x += 2 {
			cr, cg, cb, ca := img.At(x, y).RGBA()
			seen[[4]uint32{cr, cg, cb, ca}] = true
		}
	}
	return len(seen), r.Dx(), r.Dy()
}

// TestReportBrowser loads the fixture pages in a real browser (headless Chromium) from
// a file with the network off: no console error, no failed request, no request but the
// file itself, and a screenshot that is not blank. With -update it saves the screenshots
// shown in the README (fixtures/report/*.png).
func TestReportBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("%s absent (Debian package chromium; .ci/run installs it): browser check skipped", chromiumPath)
	}
	start := time.Now()
	root := goldenRuns(t)
	shots, err := filepath.Abs(reportGolden)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root) // as in the golden pages: the partition shows as new/year=2024
	browser := newBrowser(t)
	for _, g := range reportGoldens {
		t.Run(g.file, func(t *testing.T) {
			page := g.file
			args := []string{"new/year=2024", "--lang", g.lang, "-o", page}
			if g.compare != "" {
				args = append(args, "--compare", g.compare)
			}
			if code, _, stderr := report(t, args...); code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			png, consoleErrors, failed, requests := browserLoad(t, browser, page)
			for _, e := range consoleErrors {
				t.Errorf("console error: %s", e)
			}
			for _, f := range failed {
				t.Errorf("failed request: %s", f)
			}
			abs, _ := filepath.Abs(page)
			for _, u := range requests {
				if u != "file://"+abs {
					t.Errorf("request other than the page itself: %s", u)
				}
			}
			if len(requests) == 0 {
				t.Error("the page itself was never requested (events not seen)")
			}
			n, w, h := distinctColours(t, png, 64)
			if n < 16 || h < 2000 {
				t.Errorf("screenshot %d×%d with %d colours: blank or cut", w, h, n)
			}
			if *update && g.compare == "" {
				if err := os.WriteFile(filepath.Join(shots, strings.TrimSuffix(g.file, ".html")+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("browser check took %v, want < 30 s", d)
	}
}
