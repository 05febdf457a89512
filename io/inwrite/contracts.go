package inwrite

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/amcalc/amcalc/calc"
	"github.com/amcalc/amcalc/io/extract"
)

// contractPos is where each listed column of the contracts extract is in a file's
// builders (-1: the file's shape lacks it), resolved by name from extract.ContractColumns.
type contractPos struct {
	contractID, doctorID, specialty, tariffSector, underservedZone, groupPractice,
	coordinatedSince, newInstallation, rqthAld, option, signedOn, hiredOn, endedOn,
	baselineYear, baselineMTAdult, baselineMTChild, baselineFA, targetMT, targetFA,
	doctorBirthYear, feesTotal, feesCCAM int
}

func contractLayout(shape Shape) (layout, contractPos) {
	l := newLayout(extract.ContractColumns, shape)
	return l, contractPos{
		contractID: l.pos("contract_id"), doctorID: l.pos("doctor_id"), specialty: l.pos("specialty"),
		tariffSector: l.pos("tariff_sector"), underservedZone: l.pos("underserved_zone"),
		groupPractice: l.pos("group_practice"), coordinatedSince: l.pos("coordinated_since"),
		newInstallation: l.pos("new_installation"), rqthAld: l.pos("rqth_ald"), option: l.pos("option"),
		signedOn: l.pos("signed_on"), hiredOn: l.pos("hired_on"), endedOn: l.pos("ended_on"),
		baselineYear: l.pos("baseline_year"), baselineMTAdult: l.pos("baseline_mt_adult"),
		baselineMTChild: l.pos("baseline_mt_child"), baselineFA: l.pos("baseline_file_active"),
		targetMT: l.pos("target_mt"), targetFA: l.pos("target_file_active"),
		doctorBirthYear: l.pos("doctor_birth_year"),
		feesTotal:       l.pos("fees_12m_total"), feesCCAM: l.pos("fees_12m_ccam"),
	}
}

// RawContract is one contracts row exactly as written: nil is a null, in any column, and
// values are not checked, so a raw row can be invalid on purpose (amgen --bad-rows, the
// fixtures' rejected rows). Option, BaselineYear and DoctorBirthYear are INT32 columns.
// The fees (cents) must be nil in a V12 file, which lacks their columns.
type RawContract struct {
	ContractID       *string
	DoctorID         *string
	Specialty        *string
	TariffSector     *string
	UnderservedZone  *bool
	GroupPractice    *bool
	CoordinatedSince *calc.Date
	NewInstallation  *bool
	RqthAld          *bool
	Option           *int64
	SignedOn         *calc.Date
	HiredOn          *calc.Date
	EndedOn          *calc.Date
	BaselineYear     *int64
	BaselineMTAdult  *int64
	BaselineMTChild  *int64
	BaselineFA       *int64
	TargetMT         *int64
	TargetFA         *int64
	DoctorBirthYear  *int64
	Fees12mTotal     *int64
	Fees12mCCAM      *int64
}

// RawFromContract returns the raw row of a typed contract (every required column set).
func RawFromContract(c calc.Contract) RawContract {
	opt := func(v calc.OptInt) *int64 {
		if !v.Valid {
			return nil
		}
		return Ptr(v.V)
	}
	optDate := func(v calc.OptDate) *calc.Date {
		if !v.Valid {
			return nil
		}
		return Ptr(v.V)
	}
	return RawContract{
		ContractID:       Ptr(c.ContractID),
		DoctorID:         Ptr(c.DoctorID),
		Specialty:        Ptr(c.Specialty),
		TariffSector:     Ptr(c.TariffSector),
		UnderservedZone:  Ptr(c.UnderservedZone),
		GroupPractice:    Ptr(c.GroupPractice),
		CoordinatedSince: optDate(c.CoordinatedSince),
		NewInstallation:  Ptr(c.NewInstallation),
		RqthAld:          Ptr(c.RqthAld),
		Option:           Ptr(int64(c.Option)),
		SignedOn:         Ptr(c.SignedOn),
		HiredOn:          optDate(c.HiredOn),
		EndedOn:          optDate(c.EndedOn),
		BaselineYear:     opt(c.BaselineYear),
		BaselineMTAdult:  opt(c.BaselineMTAdult),
		BaselineMTChild:  opt(c.BaselineMTChild),
		BaselineFA:       opt(c.BaselineFA),
		TargetMT:         opt(c.TargetMT),
		TargetFA:         opt(c.TargetFA),
		DoctorBirthYear:  opt(c.DoctorBirthYear),
		Fees12mTotal:     opt(c.Fees12mTotal),
		Fees12mCCAM:      opt(c.Fees12mCCAM),
	}
}

// ContractWriter streams a contracts file. Create it with CreateContracts, add rows with
// Write or WriteRaw (in any mix), and Close it; after an error, Close removes the file.
type ContractWriter struct {
	w   *writer
	pos contractPos
}

// CreateContracts creates (or truncates) the contracts file at path, with every listed
// column (V13) or, given V12, without the v1.3-optional fee columns.
func CreateContracts(path string, shape ...Shape) (*ContractWriter, error) {
	return createContracts(path, nil, shape...)
}

func createContracts(path string, mem memory.Allocator, shape ...Shape) (*ContractWriter, error) {
	s := V13
	if len(shape) > 0 {
		s = shape[0]
	}
	l, pos := contractLayout(s)
	w, err := create(path, l.fields, mem)
	if err != nil {
		return nil, err
	}
	return &ContractWriter{w, pos}, nil
}

// Rows returns the number of rows written so far.
func (cw *ContractWriter) Rows() int64 { return cw.w.rows }

// Write appends a typed (valid-shaped) contract.
func (cw *ContractWriter) Write(c *calc.Contract) error {
	w, p := cw.w, &cw.pos
	if w.err != nil {
		return w.err
	}
	for _, v := range [...]struct {
		col int
		v   calc.OptInt
	}{{p.baselineYear, c.BaselineYear}, {p.doctorBirthYear, c.DoctorBirthYear}} {
		if err := w.checkFits(v.col, optPtr(v.v)); err != nil {
			return err
		}
	}
	if err := w.checkShape(p.feesTotal, "fees_12m_total", !c.Fees12mTotal.Valid); err != nil {
		return err
	}
	if err := w.checkShape(p.feesCCAM, "fees_12m_ccam", !c.Fees12mCCAM.Valid); err != nil {
		return err
	}
	f := w.rb.Fields()
	f[p.contractID].(*array.StringBuilder).Append(c.ContractID)
	f[p.doctorID].(*array.StringBuilder).Append(c.DoctorID)
	f[p.specialty].(*array.StringBuilder).Append(c.Specialty)
	f[p.tariffSector].(*array.StringBuilder).Append(c.TariffSector)
	f[p.underservedZone].(*array.BooleanBuilder).Append(c.UnderservedZone)
	f[p.groupPractice].(*array.BooleanBuilder).Append(c.GroupPractice)
	putOptDate(f[p.coordinatedSince], c.CoordinatedSince)
	f[p.newInstallation].(*array.BooleanBuilder).Append(c.NewInstallation)
	f[p.rqthAld].(*array.BooleanBuilder).Append(c.RqthAld)
	putOptInt(f[p.option], calc.Some(int64(c.Option)))
	f[p.signedOn].(*array.Date32Builder).Append(arrow.Date32(c.SignedOn))
	putOptDate(f[p.hiredOn], c.HiredOn)
	putOptDate(f[p.endedOn], c.EndedOn)
	putOptInt(f[p.baselineYear], c.BaselineYear)
	putOptInt(f[p.baselineMTAdult], c.BaselineMTAdult)
	putOptInt(f[p.baselineMTChild], c.BaselineMTChild)
	putOptInt(f[p.baselineFA], c.BaselineFA)
	putOptInt(f[p.targetMT], c.TargetMT)
	putOptInt(f[p.targetFA], c.TargetFA)
	putOptInt(f[p.doctorBirthYear], c.DoctorBirthYear)
	if p.feesTotal >= 0 {
		putOptInt(f[p.feesTotal], c.Fees12mTotal)
	}
	if p.feesCCAM >= 0 {
		putOptInt(f[p.feesCCAM], c.Fees12mCCAM)
	}
	w.rowDone()
	return w.err
}

// WriteRaw appends a raw row: nulls anywhere, values unchecked (but INT32 columns must
// fit, and a V12 file takes no fees).
func (cw *ContractWriter) WriteRaw(r *RawContract) error {
	w, p := cw.w, &cw.pos
	if w.err != nil {
		return w.err
	}
	for _, v := range [...]struct {
		col int
		v   *int64
	}{{p.option, r.Option}, {p.baselineYear, r.BaselineYear}, {p.doctorBirthYear, r.DoctorBirthYear}} {
		if err := w.checkFits(v.col, v.v); err != nil {
			return err
		}
	}
	if err := w.checkShape(p.feesTotal, "fees_12m_total", r.Fees12mTotal == nil); err != nil {
		return err
	}
	if err := w.checkShape(p.feesCCAM, "fees_12m_ccam", r.Fees12mCCAM == nil); err != nil {
		return err
	}
	f := w.rb.Fields()
	putStr(f[p.contractID], r.ContractID)
	putStr(f[p.doctorID], r.DoctorID)
	putStr(f[p.specialty], r.Specialty)
	putStr(f[p.tariffSector], r.TariffSector)
	putBool(f[p.underservedZone], r.UnderservedZone)
	putBool(f[p.groupPractice], r.GroupPractice)
	putDate(f[p.coordinatedSince], r.CoordinatedSince)
	putBool(f[p.newInstallation], r.NewInstallation)
	putBool(f[p.rqthAld], r.RqthAld)
	putInt(f[p.option], r.Option)
	putDate(f[p.signedOn], r.SignedOn)
	putDate(f[p.hiredOn], r.HiredOn)
	putDate(f[p.endedOn], r.EndedOn)
	putInt(f[p.baselineYear], r.BaselineYear)
	putInt(f[p.baselineMTAdult], r.BaselineMTAdult)
	putInt(f[p.baselineMTChild], r.BaselineMTChild)
	putInt(f[p.baselineFA], r.BaselineFA)
	putInt(f[p.targetMT], r.TargetMT)
	putInt(f[p.targetFA], r.TargetFA)
	putInt(f[p.doctorBirthYear], r.DoctorBirthYear)
	if p.feesTotal >= 0 {
		putInt(f[p.feesTotal], r.Fees12mTotal)
	}
	if p.feesCCAM >= 0 {
		putInt(f[p.feesCCAM], r.Fees12mCCAM)
	}
	w.rowDone()
	return w.err
}

// Close writes the footer and closes the file; on error the file is removed.
func (cw *ContractWriter) Close() error { return cw.w.close() }

// Abort closes and removes the file (for a caller giving up after its own error).
func (cw *ContractWriter) Abort() { cw.w.abort() }

// WriteContracts writes rows as a contracts file at path (V13 unless told V12).
func WriteContracts(path string, rows []calc.Contract, shape ...Shape) error {
	cw, err := CreateContracts(path, shape...)
	if err != nil {
		return err
	}
	return writeAll(cw.w, rows, cw.Write)
}

// WriteRawContracts writes raw rows (nulls and bad values allowed) as a contracts file
// (V13 unless told V12).
func WriteRawContracts(path string, rows []RawContract, shape ...Shape) error {
	cw, err := CreateContracts(path, shape...)
	if err != nil {
		return err
	}
	return writeAll(cw.w, rows, cw.WriteRaw)
}
