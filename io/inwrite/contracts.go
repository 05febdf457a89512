package inwrite

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/amcalc/amcalc/calc"
)

// Columns of the contracts extract (DATA.md "contracts"), in file order.
const (
	kContractID = iota
	kDoctorID
	kSpecialty
	kTariffSector
	kUnderservedZone
	kGroupPractice
	kCoordinatedSince
	kNewInstallation
	kRqthAld
	kOption
	kSignedOn
	kHiredOn
	kEndedOn
	kBaselineYear
	kBaselineMTAdult
	kBaselineMTChild
	kBaselineFA
	kTargetMT
	kTargetFA
	kDoctorBirthYear
)

var contractFields = []field{
	kContractID:       {"contract_id", arrow.BinaryTypes.String, false},
	kDoctorID:         {"doctor_id", arrow.BinaryTypes.String, false},
	kSpecialty:        {"specialty", arrow.BinaryTypes.String, true},
	kTariffSector:     {"tariff_sector", arrow.BinaryTypes.String, true},
	kUnderservedZone:  {"underserved_zone", arrow.FixedWidthTypes.Boolean, false},
	kGroupPractice:    {"group_practice", arrow.FixedWidthTypes.Boolean, false},
	kCoordinatedSince: {"coordinated_since", arrow.FixedWidthTypes.Date32, false},
	kNewInstallation:  {"new_installation", arrow.FixedWidthTypes.Boolean, false},
	kRqthAld:          {"rqth_ald", arrow.FixedWidthTypes.Boolean, false},
	kOption:           {"option", arrow.PrimitiveTypes.Int32, true},
	kSignedOn:         {"signed_on", arrow.FixedWidthTypes.Date32, false},
	kHiredOn:          {"hired_on", arrow.FixedWidthTypes.Date32, false},
	kEndedOn:          {"ended_on", arrow.FixedWidthTypes.Date32, false},
	kBaselineYear:     {"baseline_year", arrow.PrimitiveTypes.Int32, false},
	kBaselineMTAdult:  {"baseline_mt_adult", arrow.PrimitiveTypes.Int64, false},
	kBaselineMTChild:  {"baseline_mt_child", arrow.PrimitiveTypes.Int64, false},
	kBaselineFA:       {"baseline_file_active", arrow.PrimitiveTypes.Int64, false},
	kTargetMT:         {"target_mt", arrow.PrimitiveTypes.Int64, false},
	kTargetFA:         {"target_file_active", arrow.PrimitiveTypes.Int64, false},
	kDoctorBirthYear:  {"doctor_birth_year", arrow.PrimitiveTypes.Int32, false},
}

// RawContract is one contracts row exactly as written: nil is a null, in any column, and
// values are not checked, so a raw row can be invalid on purpose (amgen --bad-rows, the
// fixtures' rejected rows). Option, BaselineYear and DoctorBirthYear are INT32 columns.
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
	}
}

// ContractWriter streams a contracts file. Create it with CreateContracts, add rows with
// Write or WriteRaw (in any mix), and Close it; after an error, Close removes the file.
type ContractWriter struct{ w *writer }

// CreateContracts creates (or truncates) the contracts file at path.
func CreateContracts(path string) (*ContractWriter, error) {
	return createContracts(path, nil)
}

func createContracts(path string, mem memory.Allocator) (*ContractWriter, error) {
	w, err := create(path, contractFields, mem)
	if err != nil {
		return nil, err
	}
	return &ContractWriter{w}, nil
}

// Rows returns the number of rows written so far.
func (cw *ContractWriter) Rows() int64 { return cw.w.rows }

// Write appends a typed (valid-shaped) contract.
func (cw *ContractWriter) Write(c *calc.Contract) error {
	w := cw.w
	if w.err != nil {
		return w.err
	}
	for _, v := range [...]struct {
		col int
		v   calc.OptInt
	}{{kBaselineYear, c.BaselineYear}, {kDoctorBirthYear, c.DoctorBirthYear}} {
		if v.v.Valid && !fits32(v.v.V) {
			return &RangeError{File: w.path, Row: w.rows, Column: contractFields[v.col].name, Value: v.v.V}
		}
	}
	f := w.rb.Fields()
	f[kContractID].(*array.StringBuilder).Append(c.ContractID)
	f[kDoctorID].(*array.StringBuilder).Append(c.DoctorID)
	f[kSpecialty].(*array.StringBuilder).Append(c.Specialty)
	f[kTariffSector].(*array.StringBuilder).Append(c.TariffSector)
	f[kUnderservedZone].(*array.BooleanBuilder).Append(c.UnderservedZone)
	f[kGroupPractice].(*array.BooleanBuilder).Append(c.GroupPractice)
	putOptDate(f[kCoordinatedSince], c.CoordinatedSince)
	f[kNewInstallation].(*array.BooleanBuilder).Append(c.NewInstallation)
	f[kRqthAld].(*array.BooleanBuilder).Append(c.RqthAld)
	f[kOption].(*array.Int32Builder).Append(c.Option)
	f[kSignedOn].(*array.Date32Builder).Append(arrow.Date32(c.SignedOn))
	putOptDate(f[kHiredOn], c.HiredOn)
	putOptDate(f[kEndedOn], c.EndedOn)
	putOptInt32(f[kBaselineYear], c.BaselineYear)
	putOptInt64(f[kBaselineMTAdult], c.BaselineMTAdult)
	putOptInt64(f[kBaselineMTChild], c.BaselineMTChild)
	putOptInt64(f[kBaselineFA], c.BaselineFA)
	putOptInt64(f[kTargetMT], c.TargetMT)
	putOptInt64(f[kTargetFA], c.TargetFA)
	putOptInt32(f[kDoctorBirthYear], c.DoctorBirthYear)
	w.rowDone()
	return w.err
}

// WriteRaw appends a raw row: nulls anywhere, values unchecked (but INT32 columns must fit).
func (cw *ContractWriter) WriteRaw(r *RawContract) error {
	w := cw.w
	if w.err != nil {
		return w.err
	}
	for _, v := range [...]struct {
		col int
		v   *int64
	}{{kOption, r.Option}, {kBaselineYear, r.BaselineYear}, {kDoctorBirthYear, r.DoctorBirthYear}} {
		if v.v != nil && !fits32(*v.v) {
			return &RangeError{File: w.path, Row: w.rows, Column: contractFields[v.col].name, Value: *v.v}
		}
	}
	f := w.rb.Fields()
	putStr(f[kContractID], r.ContractID)
	putStr(f[kDoctorID], r.DoctorID)
	putStr(f[kSpecialty], r.Specialty)
	putStr(f[kTariffSector], r.TariffSector)
	putBool(f[kUnderservedZone], r.UnderservedZone)
	putBool(f[kGroupPractice], r.GroupPractice)
	putDate(f[kCoordinatedSince], r.CoordinatedSince)
	putBool(f[kNewInstallation], r.NewInstallation)
	putBool(f[kRqthAld], r.RqthAld)
	putInt32(f[kOption], r.Option)
	putDate(f[kSignedOn], r.SignedOn)
	putDate(f[kHiredOn], r.HiredOn)
	putDate(f[kEndedOn], r.EndedOn)
	putInt32(f[kBaselineYear], r.BaselineYear)
	putInt64(f[kBaselineMTAdult], r.BaselineMTAdult)
	putInt64(f[kBaselineMTChild], r.BaselineMTChild)
	putInt64(f[kBaselineFA], r.BaselineFA)
	putInt64(f[kTargetMT], r.TargetMT)
	putInt64(f[kTargetFA], r.TargetFA)
	putInt32(f[kDoctorBirthYear], r.DoctorBirthYear)
	w.rowDone()
	return w.err
}

// Close writes the footer and closes the file; on error the file is removed.
func (cw *ContractWriter) Close() error { return cw.w.close() }

// Abort closes and removes the file (for a caller giving up after its own error).
func (cw *ContractWriter) Abort() { cw.w.abort() }

// WriteContracts writes rows as a contracts file at path.
func WriteContracts(path string, rows []calc.Contract) error {
	cw, err := CreateContracts(path)
	if err != nil {
		return err
	}
	for i := range rows {
		if err := cw.Write(&rows[i]); err != nil {
			cw.Abort()
			return err
		}
	}
	return cw.Close()
}

// WriteRawContracts writes raw rows (nulls and bad values allowed) as a contracts file.
func WriteRawContracts(path string, rows []RawContract) error {
	cw, err := CreateContracts(path)
	if err != nil {
		return err
	}
	for i := range rows {
		if err := cw.WriteRaw(&rows[i]); err != nil {
			cw.Abort()
			return err
		}
	}
	return cw.Close()
}
