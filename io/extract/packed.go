package extract

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/amcalc/amcalc/calc"
)

// The activity input is the national population: millions of rows, of which the run
// keeps only what the percentiles and the contracted doctors need. It is therefore held
// packed, never as Go rows: 16 bytes a row plus a specialty id and a state byte, without
// a single pointer for the garbage collector to scan.
//
// packedActivity is one activity row.
//
//   - key: the exact (doctor_id, year) key, 0 when a key part is null. A doctor_id of 1 to
//     14 ASCII digits with 0 ≤ year < 4096 (every RPPS number) is encoded in place:
//     bit 63 = 0, bits 59–62 the length (leading zeros count), bits 12–58 the digits,
//     bits 0–11 the year. Any other key gets bit 63 set and a sequence number in a
//     fallback table shared by the input. Equal keys ⇔ equal (doctor_id, year).
//   - vals: mt_adult, mt_child and file_active (17 bits each: valid counts are
//     0…100 000), their validity and fs_volet1; meaningful only for rows without a problem.
type packedActivity struct {
	key  uint64
	vals uint64
}

const (
	fallbackBit = uint64(1) << 63
	yearBits    = 12

	valBits   = 17
	valMask   = 1<<valBits - 1
	mtAdultOK = 1 << (3 * valBits)
	mtChildOK = mtAdultOK << 1
	fsVolet1  = mtAdultOK << 2
)

// numericKey encodes a key of digits in place (see packedActivity).
func numericKey(id string, year int64) (uint64, bool) {
	n := len(id)
	if n == 0 || n > 14 || year < 0 || year >= 1<<yearBits {
		return 0, false
	}
	var d uint64
	for i := 0; i < n; i++ {
		c := id[i] - '0'
		if c > 9 {
			return 0, false
		}
		d = d*10 + uint64(c)
	}
	return uint64(n)<<59 | d<<yearBits | uint64(year), true
}

type fbKey struct {
	id   string
	year int64 // never narrowed (DATA.md "Inputs")
}

// NoYear is what Year returns for a row whose year does not fit in 32 bits: a value no
// reference year or contract year can have (they are 2019…2099), so that such a row, valid
// and counted, never joins a distribution. Its exact year is Year64's.
const NoYear int32 = math.MinInt32

// yearOf returns a year as an int32, or NoYear when it does not fit.
func yearOf(y int64) int32 {
	if y < math.MinInt32 || y > math.MaxInt32 {
		return NoYear
	}
	return int32(y)
}

// fallbackTable numbers the keys that numericKey cannot encode, exactly.
type fallbackTable struct {
	mu   sync.Mutex
	idx  map[fbKey]uint64
	keys []fbKey
}

func (f *fallbackTable) key(id string, year int64) uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if k, ok := f.idx[fbKey{id, year}]; ok {
		return k
	}
	if f.idx == nil {
		f.idx = map[fbKey]uint64{}
	}
	k := fbKey{string([]byte(id)), year} // own copy: id shares a whole batch's bytes
	f.keys = append(f.keys, k)
	v := fallbackBit | uint64(len(f.keys))
	f.idx[k] = v
	return v
}

func (f *fallbackTable) lookup(id string, year int64) (uint64, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k, ok := f.idx[fbKey{id, year}]
	return k, ok
}

// specTable numbers the distinct specialty codes of an input.
type specTable struct {
	mu    sync.Mutex
	idx   map[string]uint16
	names []string
}

// ErrTooManySpecialties stops a run whose activity input has more distinct specialty
// codes than a packed row can number (65 536; CNAM has about a hundred).
var ErrTooManySpecialties = fmt.Errorf("more than %d distinct specialty codes", math.MaxUint16+1)

func (s *specTable) id(code string) (uint16, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.idx[code]; ok {
		return v, nil
	}
	if len(s.names) > math.MaxUint16 {
		return 0, ErrTooManySpecialties
	}
	if s.idx == nil {
		s.idx = map[string]uint16{}
	}
	c := string([]byte(code))
	v := uint16(len(s.names))
	s.names = append(s.names, c)
	s.idx[c] = v
	return v, nil
}

// activityAux is what the activity decoders share across files.
type activityAux struct {
	fb    fallbackTable
	specs specTable
}

// ActivityTable is the validated activity input, packed: every row read (valid or not,
// in file then row order) with its state. Rows are addressed by their index 0…NumRows-1.
type ActivityTable struct {
	files []FileInfo
	offs  []int64 // rows of file f: offs[f] ≤ i < offs[f+1]
	rows  []packedActivity
	spec  []uint16
	st    []uint8
	aux   *activityAux
	valid int64
}

// ReadActivityTable reads and validates the activity input (a Parquet file or a folder of
// them) into a packed table; rejects are sorted as rejects.parquet.
func ReadActivityTable(ctx context.Context, arg string, opt Options) (*ActivityTable, []Reject, Input, error) {
	opt = opt.withDefaults()
	aux := &activityAux{}
	t, err := readInput(ctx, InputActivity, arg, ActivityColumns, opt, aux, decodeActivity)
	if err != nil {
		return nil, nil, Input{Arg: arg}, err
	}
	at := &ActivityTable{files: t.files, offs: t.offs, rows: t.all.rows, spec: t.all.spec, st: t.all.st, aux: aux}
	rej := at.markDuplicates(t.rej, opt.Workers)
	in := Input{Arg: arg, Files: t.files, Rows: int64(len(at.rows))}
	for _, s := range at.st {
		if s&stBad != 0 {
			in.RejectedRows++
		}
	}
	at.valid = in.Rows - in.RejectedRows
	sortRejects(rej)
	return at, rej, in, nil
}

// ReadActivity reads the activity input into Go rows with their provenance: for tests and
// small inputs. A run uses ReadActivityTable.
func ReadActivity(ctx context.Context, arg string, opt Options) ([]ActivityRow, []Reject, Input, error) {
	t, rej, in, err := ReadActivityTable(ctx, arg, opt)
	if err != nil {
		return nil, nil, in, err
	}
	rows := make([]ActivityRow, 0, t.valid)
	for i := range t.NumRows() {
		if t.Valid(i) {
			rows = append(rows, t.Row(i))
		}
	}
	return rows, rej, in, nil
}

// NumRows is the number of rows read, valid or not.
func (t *ActivityTable) NumRows() int { return len(t.rows) }

// NumValid is the number of valid rows.
func (t *ActivityTable) NumValid() int64 { return t.valid }

// Valid reports whether row i has no reject.
func (t *ActivityTable) Valid(i int) bool { return t.st[i]&stBad == 0 }

// Year returns the year of valid row i, or NoYear when it does not fit in 32 bits.
func (t *ActivityTable) Year(i int) int32 {
	k := t.rows[i].key
	if k&fallbackBit == 0 {
		return int32(k & (1<<yearBits - 1))
	}
	return yearOf(t.aux.fb.keys[k&^fallbackBit-1].year)
}

// Year64 returns the exact year of valid row i.
func (t *ActivityTable) Year64(i int) int64 {
	k := t.rows[i].key
	if k&fallbackBit == 0 {
		return int64(k & (1<<yearBits - 1))
	}
	return t.aux.fb.keys[k&^fallbackBit-1].year
}

// SpecialtyID returns the number of row i's specialty in Specialties().
func (t *ActivityTable) SpecialtyID(i int) uint16 { return t.spec[i] }

// Specialties returns the specialty codes, numbered as SpecialtyID says.
func (t *ActivityTable) Specialties() []string { return t.aux.specs.names }

// Values returns the counts of valid row i.
func (t *ActivityTable) Values(i int) (mtAdult, mtChild calc.OptInt, fileActive int64) {
	v := t.rows[i].vals
	if v&mtAdultOK != 0 {
		mtAdult = calc.Some(int64(v & valMask))
	}
	if v&mtChildOK != 0 {
		mtChild = calc.Some(int64(v >> valBits & valMask))
	}
	return mtAdult, mtChild, int64(v >> (2 * valBits) & valMask)
}

// doctorID decodes the doctor_id of a key.
func (t *ActivityTable) doctorID(k uint64) string {
	if k&fallbackBit != 0 {
		return t.aux.fb.keys[k&^fallbackBit-1].id
	}
	n := int(k >> 59)
	b := strconv.AppendUint(make([]byte, 0, 20), k>>yearBits&(1<<47-1), 10)
	for len(b) < n {
		b = append([]byte{'0'}, b...)
	}
	return string(b)
}

// Activity returns valid row i as a typed row (Year is NoYear when the year does not fit
// in 32 bits).
func (t *ActivityTable) Activity(i int) calc.Activity {
	a := calc.Activity{DoctorID: t.doctorID(t.rows[i].key), Year: t.Year(i)}
	if names := t.aux.specs.names; int(t.spec[i]) < len(names) {
		a.Specialty = names[t.spec[i]]
	}
	a.MTAdult, a.MTChild, a.FileActive = t.Values(i)
	a.FSVolet1 = t.rows[i].vals&fsVolet1 != 0
	return a
}

// Row returns valid row i with its provenance.
func (t *ActivityTable) Row(i int) ActivityRow {
	f := sort.Search(len(t.files), func(f int) bool { return t.offs[f+1] > int64(i) })
	return ActivityRow{Activity: t.Activity(i), File: t.files[f].Rel, Row: int64(i) - t.offs[f]}
}

// Key returns the packed key of (doctor, year), and false when no row can have it.
func (t *ActivityTable) Key(doctorID string, year int64) (uint64, bool) {
	if k, ok := numericKey(doctorID, year); ok {
		return k, true
	}
	return t.aux.fb.lookup(doctorID, year)
}

// ActivityIndex finds the valid row of (doctor, year) for a chosen set of doctors.
type ActivityIndex struct {
	t   *ActivityTable
	row map[uint64]int32
}

// Index indexes the valid rows of the given doctors only: what the contracts read.
func (t *ActivityTable) Index(doctorIDs []string) *ActivityIndex {
	// A key without its year names the doctor: a set of those filters the rows. Most rows
	// are not a contracted doctor's; a 2^22-bit filter turns them away without a map lookup.
	const filterBits = 22
	var filter [1 << filterBits / 64]uint64
	slot := func(doctor uint64) (int, uint64) {
		h := (doctor >> yearBits) * 0x9e3779b97f4a7c15 >> (64 - filterBits)
		return int(h / 64), 1 << (h % 64)
	}
	numeric := make(map[uint64]struct{}, len(doctorIDs))
	other := map[string]struct{}{}
	for _, d := range doctorIDs {
		if k, ok := numericKey(d, 0); ok {
			numeric[k] = struct{}{}
			w, b := slot(k)
			filter[w] |= b
		} else {
			other[d] = struct{}{}
		}
	}
	// Chunks of rows are filtered in parallel; the few kept rows are then put in one map,
	// chunk after chunk, so the index is the same whatever the number of chunks.
	const chunks = 2
	kept := make([][]int32, chunks)
	var wg sync.WaitGroup
	for c := range chunks {
		wg.Go(func() {
			lo, hi := c*len(t.rows)/chunks, (c+1)*len(t.rows)/chunks
			for i := lo; i < hi; i++ {
				r := t.rows[i]
				if r.key == 0 || t.st[i]&stBad != 0 {
					continue
				}
				keep := false
				if r.key&fallbackBit == 0 {
					doctor := r.key &^ (1<<yearBits - 1)
					if w, b := slot(doctor); filter[w]&b != 0 {
						_, keep = numeric[doctor]
					}
				} else {
					// A fallback key: an id that is not all digits, or a numeric id with a
					// year outside the packed range (a year beyond 32 bits included).
					id := t.aux.fb.keys[r.key&^fallbackBit-1].id
					if _, keep = other[id]; !keep {
						if k, ok := numericKey(id, 0); ok {
							_, keep = numeric[k]
						}
					}
				}
				if keep {
					kept[c] = append(kept[c], int32(i))
				}
			}
		})
	}
	wg.Wait()
	ix := &ActivityIndex{t: t, row: make(map[uint64]int32, len(kept[0])+len(kept[1]))}
	for _, k := range kept {
		for _, i := range k {
			ix.row[t.rows[i].key] = i
		}
	}
	return ix
}

// Lookup returns the valid row of (doctor, year) as a calc.ActivityLookup does.
func (ix *ActivityIndex) Lookup(doctorID string, year int32) (*calc.Activity, bool) {
	return ix.LookupYear(doctorID, int64(year))
}

// LookupYear is Lookup with a year of any size: a year beyond 32 bits (a contract's INT64
// baseline_year) finds exactly the rows of that year, never those of a narrowed one.
func (ix *ActivityIndex) LookupYear(doctorID string, year int64) (*calc.Activity, bool) {
	k, ok := ix.t.Key(doctorID, year)
	if !ok {
		return nil, false
	}
	i, ok := ix.row[k]
	if !ok {
		return nil, false
	}
	a := ix.t.Activity(int(i))
	return &a, true
}

// dupGroupRows is the number of rows per group of the duplicate pass (a variable so that
// a test can force many groups on a small input).
var dupGroupRows = 2_500_000

// markDuplicates rejects every row of a (doctor_id, year) key seen more than once across
// all files, whatever else is wrong with it; rows with a null key part never match.
// Keys are exact, so equal keys are duplicates. The keys are scattered into cache-sized
// parts by a mix of their bits and each part is sorted on its own, in parallel; the few
// duplicated keys found are then marked in one pass over the rows.
func (t *ActivityTable) markDuplicates(rej []Reject, workers int) []Reject {
	const partBits = 8
	part := func(k uint64) uint64 {
		k ^= k >> 33
		k *= 0xff51afd7ed558ccd
		k ^= k >> 33
		return k >> (64 - partBits)
	}
	// Each row's part is computed once. The parts are settled a group at a time, each
	// group by one worker, so that only the groups in hand have their keys copied (about
	// 20 MB each), never all of a national input's at once.
	parts := make([]uint8, len(t.rows))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			lo, hi := w*len(t.rows)/workers, (w+1)*len(t.rows)/workers
			for i := lo; i < hi; i++ {
				parts[i] = uint8(part(t.rows[i].key))
			}
		})
	}
	wg.Wait()
	groups := min(8, 1+len(t.rows)/dupGroupRows)
	founds := make([][]uint64, groups)
	var nextGroup atomic.Int32
	for range min(workers, groups) {
		wg.Go(func() {
			var keys []uint64
			for {
				g := int(nextGroup.Add(1) - 1)
				if g >= groups {
					return
				}
				lo, hi := uint8(g<<partBits/groups), uint8(((g+1)<<partBits/groups)-1) // parts lo…hi
				var start [1<<partBits + 1]int
				for i, p := range parts {
					if p >= lo && p <= hi && t.rows[i].key != 0 {
						start[int(p)+1]++
					}
				}
				for p := 1; p < len(start); p++ {
					start[p] += start[p-1]
				}
				n := start[int(hi)+1] - start[lo]
				if cap(keys) < n {
					keys = make([]uint64, n, n+n/8)
				}
				keys = keys[:n]
				next := start
				for i, p := range parts {
					if p >= lo && p <= hi && t.rows[i].key != 0 {
						keys[next[p]-start[lo]] = t.rows[i].key
						next[p]++
					}
				}
				for p := int(lo); p <= int(hi); p++ {
					ks := keys[start[p]-start[lo] : start[p+1]-start[lo]]
					slices.Sort(ks)
					for j := 1; j < len(ks); j++ {
						if ks[j] == ks[j-1] && (len(founds[g]) == 0 || founds[g][len(founds[g])-1] != ks[j]) {
							founds[g] = append(founds[g], ks[j])
						}
					}
				}
			}
		})
	}
	wg.Wait()
	parts = nil
	var dupKeys []uint64
	for _, f := range founds {
		dupKeys = append(dupKeys, f...)
	}
	dup := map[uint64]struct{}{}
	for _, k := range dupKeys {
		dup[k] = struct{}{}
	}
	if len(dup) == 0 {
		return rej
	}
	for i, r := range t.rows {
		if _, ok := dup[r.key]; !ok || r.key == 0 {
			continue
		}
		t.st[i] |= stDup | stBad
		row := t.Row(i)
		rej = append(rej, Reject{
			Input: InputActivity, File: row.File, Row: row.Row, Key: activityKey(row.DoctorID, true, t.Year64(i), true),
			Column: "doctor_id,year", Problem: ProblemDuplicateKey,
			Detail: "(doctor_id, year) appears more than once",
		})
	}
	return rej
}
