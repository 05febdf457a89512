package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // --as-of today works without the system's zoneinfo

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/pipeline"
)

// now is the clock --as-of today reads; tests replace it. calc never reads a clock.
var now = time.Now

// paris is the time zone of "today": the scheme's payments are dated in France.
var paris = mustLoadLocation("Europe/Paris")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is embedded: cannot happen
	}
	return loc
}

// logTimeFormat is the logs' time: RFC 3339 in UTC with microseconds, so that the lines
// of one second stay ordered and stage durations can be read from them.
const logTimeFormat = "2006-01-02T15:04:05.000000Z07:00"

// usageError marks a command-line mistake (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// flags is a command's flag set with the rules every command shares: each flag may be
// given once (never "last one wins"), whether a flag was given is known (an explicitly
// empty value is not the default), and every error goes to stderr in the log format the
// command line asks for (JSON lines included: the flag package's own messages too).
type flags struct {
	*flag.FlagSet
	name     string // "amcalc run"
	stderr   io.Writer
	given    map[string]bool
	twice    string    // the first flag given twice
	json     bool      // errors as JSON lines
	help     io.Writer // where -h prints: stderr unless the command says otherwise (helpOn)
	synopsis string    // set by helpOn
}

func newFlags(name string, stderr io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	return &flags{FlagSet: fs, name: name, stderr: stderr, help: stderr, given: map[string]bool{}}
}

// helpOn makes -h print synopsis and every flag on w, and a parse error print the
// synopsis with a pointer to -h rather than every flag (a command with many flags).
func (f *flags) helpOn(w io.Writer, synopsis string) {
	f.help, f.synopsis = w, synopsis
	f.Usage = func() { fmt.Fprintf(f.Output(), "%s\n(%s -h lists every flag)\n", synopsis, f.name) }
}

// once wraps a flag's value: it records that the flag was given and refuses a second
// value. The type parameter keeps the value's own zero String for the help text.
type once[V flag.Value] struct {
	v    V
	name string
	f    *flags
}

func (o *once[V]) String() string { return o.v.String() }

func (o *once[V]) Set(s string) error {
	if o.f.given[o.name] {
		if o.f.twice == "" {
			o.f.twice = o.name
		}
		return errors.New("given twice")
	}
	o.f.given[o.name] = true
	return o.v.Set(s)
}

// IsBoolFlag lets a wrapped boolean be given without a value (--group-practice).
func (o *once[V]) IsBoolFlag() bool {
	b, ok := any(o.v).(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// onceVar defines a flag of value v, given at most once. v's zero value must have a
// String (a nil pointer inside it included): the help compares a default with it.
func onceVar[V flag.Value](f *flags, v V, name, use string) {
	f.Var(&once[V]{v: v, name: name, f: f}, name, use)
}

// text is a string flag value.
type text struct{ p *string }

func (t text) String() string {
	if t.p == nil {
		return ""
	}
	return *t.p
}

func (t text) Set(s string) error { *t.p = s; return nil }

// decimal is an int flag value that accepts decimal digits only: "0x7e8" and "03750"
// are mistakes, not 2024 (flag.Int reads them as hexadecimal and octal).
type decimal struct{ p *int }

var decimalRe = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)

func (d decimal) String() string {
	if d.p == nil {
		return "0"
	}
	return strconv.Itoa(*d.p)
}

func (d decimal) Set(s string) error {
	v, err := parseDecimal(s, strconv.IntSize)
	if err != nil {
		return err
	}
	*d.p = int(v)
	return nil
}

// parseDecimal reads a flag's integer of bitSize bits: decimal digits only, an optional
// '-', no leading zero, no "0x" (every integer flag of every command reads this way).
func parseDecimal(s string, bitSize int) (int64, error) {
	if !decimalRe.MatchString(s) {
		return 0, errors.New("want a decimal integer (digits only, no leading zero)")
	}
	v, err := strconv.ParseInt(s, 10, bitSize)
	if err != nil {
		return 0, errors.New("out of range")
	}
	return v, nil
}

// boolean is a bool flag value, given without a value or as --name=true|false.
type boolean struct{ p *bool }

func (b boolean) String() string   { return strconv.FormatBool(b.p != nil && *b.p) }
func (b boolean) IsBoolFlag() bool { return true }

func (b boolean) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("want true or false")
	}
	*b.p = v
	return nil
}

// Text defines a string flag, given at most once.
func (f *flags) Text(p *string, name, value, use string) {
	*p = value
	onceVar(f, text{p}, name, use)
}

// Decimal defines a decimal-only int flag, given at most once.
func (f *flags) Decimal(p *int, name string, value int, use string) {
	*p = value
	onceVar(f, decimal{p}, name, use)
}

// Bool defines a bool flag, false by default, given at most once.
func (f *flags) Bool(p *bool, name, use string) {
	*p = false
	onceVar(f, boolean{p}, name, use)
}

// parse parses args. ok is false when the command must stop with code: -h (0) or a
// usage error (2, already reported).
func (f *flags) parse(args []string) (code int, ok bool) {
	// A command with logs reports its errors in their format; one without (diff) in text.
	f.json = f.Lookup("log-format") != nil && wantsJSON(logFormatArg(args), f.stderr)
	var msgs bytes.Buffer
	f.SetOutput(&msgs)
	err := f.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		if f.synopsis != "" {
			msgs.Reset()
			fmt.Fprintln(&msgs, f.synopsis)
			f.PrintDefaults()
		}
		f.help.Write(msgs.Bytes())
		return ExitOK, false
	case err != nil:
		if f.twice != "" {
			return f.fail(usagef("--%s given twice: give each flag once", f.twice)), false
		}
		if !f.json {
			f.stderr.Write(msgs.Bytes()) // the flag package's message and the options
			return ExitUsage, false
		}
		return f.fail(&usageError{err.Error()}), false
	}
	return 0, true
}

// noArgs refuses a stray argument after the flags of a command that takes none: the flag
// package stops at it, so the flags after it are not parsed (say so rather than "missing").
func (f *flags) noArgs() error {
	if f.NArg() > 0 {
		return usagef("unexpected argument %q (flags after it are not read)", f.Arg(0))
	}
	return nil
}

// fail reports err and returns its exit code: 2 for a usage error, else 1.
func (f *flags) fail(err error) int {
	code := ExitFailed
	var ue *usageError
	if errors.As(err, &ue) {
		code = ExitUsage
	}
	if f.json {
		log := zerolog.New(f.stderr).Hook(timeHook{})
		ev := log.Error().Err(err)
		if code == ExitUsage {
			ev.Msg(f.name + ": usage error")
		} else {
			ev.Msg(f.name + " failed")
		}
	} else {
		fmt.Fprintf(f.stderr, "%s: %v\n", f.name, err)
	}
	return code
}

// logFormatArg returns the value of the first --log-format in args ("" if none), read
// before parsing so that even the parser's errors come out in that format.
func logFormatArg(args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "log-format" {
			continue
		}
		if hasValue {
			return value
		}
		if i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// wantsJSON: logs (and errors) are JSON lines for "json", and for "auto" (or no flag)
// unless w is a terminal.
func wantsJSON(format string, w io.Writer) bool {
	switch format {
	case "json":
		return true
	case "console":
		return false
	}
	f, ok := w.(*os.File)
	return !ok || !isatty.IsTerminal(f.Fd())
}

// timeHook stamps every log line with logTimeFormat (zerolog's own default has whole
// seconds only, and its format is a process-wide variable).
type timeHook struct{}

func (timeHook) Run(e *zerolog.Event, _ zerolog.Level, _ string) {
	e.Str(zerolog.TimestampFieldName, time.Now().UTC().Format(logTimeFormat))
}

// newLogger builds the zerolog logger of DATA.md: JSON lines on stderr unless a terminal.
func newLogger(w io.Writer, format, level string) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(strings.ToLower(level))
	if err != nil || level == "" {
		return zerolog.Nop(), usagef("--log-level %q: want debug, info, warn or error", level)
	}
	switch format {
	case "auto", "console", "json":
	default:
		return zerolog.Nop(), usagef("--log-format %q: want auto, json or console", format)
	}
	if !wantsJSON(format, w) {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: "15:04:05.000", NoColor: format == "console"}
	}
	// Stages log from several goroutines (e.g. one line per input file read): one writer
	// call at a time, so that no line interleaves with another.
	return zerolog.New(zerolog.SyncWriter(w)).Level(lvl).Hook(timeHook{}), nil
}

// inputFlags are the flags of everything a computation reads — the year, the three
// inputs, the parameters, as_of — and the log flags: registered once, here, for run and
// explain; simulate registers the two it shares (--activity, --params) with the same
// helpers.
type inputFlags struct {
	f                                        *flags
	year                                     int
	contracts, activity, suspensions, params string
	asOf, logFormat, logLevel                string
}

// inputs registers the shared flags on f. yearUse and asOfUse say what the year and
// as_of mean to the command; logLevel is its default level.
func (f *flags) inputs(yearUse, asOfUse, logLevel string) *inputFlags {
	in := &inputFlags{f: f}
	f.Decimal(&in.year, "year", 0, "`YEAR`: "+yearUse+", 2019…2099 (required)")
	f.Text(&in.contracts, "contracts", "", "contracts extract: a Parquet file or a directory `PATH` (required)")
	f.activity(&in.activity, " (required)")
	f.Text(&in.suspensions, "suspensions", "", "suspensions extract (R-SUSP-1): a Parquet file or a directory `PATH` (default: none)")
	f.Text(&in.asOf, "as-of", "", asOfUse+": `YYYY-MM-DD`, or today (the date in Europe/Paris) (default: 31 Dec of --year)")
	f.params(&in.params)
	f.Text(&in.logFormat, "log-format", "auto", "`FORMAT`: auto (console on a terminal, else JSON lines), json or console")
	f.Text(&in.logLevel, "log-level", logLevel, "`LEVEL`: debug, info, warn or error")
	return in
}

// activity defines --activity, the activity extract of DATA.md; use ends the help line
// with what the command needs it for.
func (f *flags) activity(p *string, use string) {
	f.Text(p, "activity", "", "activity extract: a Parquet file or a directory `PATH`"+use)
}

// params defines --params, the parameter file replacing the embedded one (loadParams).
func (f *flags) params(p *string) {
	f.Text(p, "params", "", "parameter `FILE` replacing the embedded one (JSON, see calc/params.json)")
}

// loadParams returns the parameters of --params path, or the embedded ones for "".
// A file that cannot be read or loaded is a usage error (exit 2): nothing is computed.
func loadParams(path string) (*calc.Params, error) {
	if path == "" {
		return calc.DefaultParams(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("--params: %v", err)
	}
	params, err := calc.LoadParams(data)
	if err != nil {
		return nil, usagef("--params %s: %v", path, err)
	}
	return params, nil
}

// nonEmpty: a path flag given with an empty value is a mistake (an unset variable in a
// cron line), never the default.
func (f *flags) nonEmpty(names ...string) error {
	for _, n := range names {
		if f.given[n] && f.Lookup(n).Value.String() == "" {
			return usagef("--%s: empty value", n)
		}
	}
	return nil
}

// config checks the shared flags and returns the part of the pipeline configuration they
// set, with the logger. Parameter file errors are usage errors (exit 2): nothing is read.
func (in *inputFlags) config(stderr io.Writer) (pipeline.Config, zerolog.Logger, error) {
	var cfg pipeline.Config
	log, err := newLogger(stderr, in.logFormat, in.logLevel)
	if err != nil {
		return cfg, log, err
	}
	if err := in.f.nonEmpty("contracts", "activity", "suspensions", "as-of", "params"); err != nil {
		return cfg, log, err
	}
	switch {
	case in.year == 0:
		return cfg, log, usagef("--year is required")
	case in.year < 2019 || in.year > 2099:
		return cfg, log, usagef("--year %d: want 2019…2099", in.year)
	case in.contracts == "":
		return cfg, log, usagef("--contracts is required")
	case in.activity == "":
		return cfg, log, usagef("--activity is required")
	}
	asOf, err := in.resolveAsOf()
	if err != nil {
		return cfg, log, err
	}
	params, err := loadParams(in.params)
	if err != nil {
		return cfg, log, err
	}
	cfg = pipeline.Config{
		Year: in.year, AsOf: asOf, ContractsPath: in.contracts, ActivityPath: in.activity,
		SuspensionsPath: in.suspensions, Params: params, ParamsPath: in.params,
		Version: Version, Log: log, Now: time.Now,
	}
	return cfg, log, nil
}

// logAsOf logs what --as-of today resolved to (the manifest's as_of says it too).
func (in *inputFlags) logAsOf(log zerolog.Logger, asOf calc.Date) {
	if in.asOf == "today" {
		log.Info().Str("as_of", asOf.String()).Msg("--as-of today resolved in Europe/Paris")
	}
}

// resolveAsOf returns --as-of as a date: 31 December of the year by default, today's
// date in Europe/Paris for "today"; never after 31 December (R-PAY-4: later changes
// nothing), never before 1 January.
func (in *inputFlags) resolveAsOf() (calc.Date, error) {
	end := calc.YearEnd(in.year)
	if in.asOf == "" {
		return end, nil
	}
	spelled := in.asOf
	if in.asOf == "today" {
		spelled = now().In(paris).Format(time.DateOnly)
	}
	d, err := calc.ParseDate(spelled)
	if err != nil {
		return 0, usagef("--as-of: %v", err)
	}
	if d < calc.YearStart(in.year) {
		if spelled != in.asOf {
			return 0, usagef("--as-of %s (%s) is before 1 January %d", in.asOf, spelled, in.year)
		}
		return 0, usagef("--as-of %s is before 1 January %d", in.asOf, in.year)
	}
	return min(d, end), nil
}
