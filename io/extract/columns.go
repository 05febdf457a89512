package extract

// The listed columns of every input (DATA.md "Inputs"), in one table per input: the reader
// checks files against them and io/inwrite writes files from them, so the two cannot drift.

// Kind is the type a listed column must have (DATA.md "Inputs").
type Kind uint8

const (
	KindString Kind = iota // BYTE_ARRAY annotated String (UTF8), valid UTF-8
	KindBool               // BOOLEAN
	KindInt                // INT32 or INT64, bare or with a signed Int annotation of any width
	KindDate               // INT32 annotated Date
)

// expected renders the kind for an error message: "an integer (INT32 or INT64)".
func (k Kind) expected() string {
	switch k {
	case KindString:
		return "a string (BYTE_ARRAY String)"
	case KindBool:
		return "a boolean (BOOLEAN)"
	case KindInt:
		return "an integer (INT32 or INT64)"
	default:
		return "a date (INT32 Date)"
	}
}

// Column is one listed column of an input.
type Column struct {
	Name string
	Kind Kind
	// Required: a null is NULL_REQUIRED (DATA.md "null: no").
	Required bool
	// V13Optional: marked v1.3 in DATA.md; a file written before v1.3 may lack the column,
	// which then reads as null on every row. Every other listed column must be present.
	V13Optional bool
	// Dict: low cardinality; read as a dictionary (values interned) and written
	// dictionary-encoded.
	Dict bool
}

// Columns of the contracts extract (DATA.md "contracts"), in the order of ContractColumns.
const (
	cContractID = iota
	cDoctorID
	cSpecialty
	cTariffSector
	cUnderservedZone
	cGroupPractice
	cCoordinatedSince
	cNewInstallation
	cRqthAld
	cOption
	cSignedOn
	cHiredOn
	cEndedOn
	cBaselineYear
	cBaselineMTAdult
	cBaselineMTChild
	cBaselineFA
	cTargetMT
	cTargetFA
	cDoctorBirthYear
	cFees12mTotal
	cFees12mCCAM
)

// ContractColumns are the listed columns of the contracts extract (DATA.md "contracts").
var ContractColumns = []Column{
	cContractID:       {Name: "contract_id", Kind: KindString, Required: true},
	cDoctorID:         {Name: "doctor_id", Kind: KindString, Required: true},
	cSpecialty:        {Name: "specialty", Kind: KindString, Required: true, Dict: true},
	cTariffSector:     {Name: "tariff_sector", Kind: KindString, Required: true, Dict: true},
	cUnderservedZone:  {Name: "underserved_zone", Kind: KindBool, Required: true},
	cGroupPractice:    {Name: "group_practice", Kind: KindBool, Required: true},
	cCoordinatedSince: {Name: "coordinated_since", Kind: KindDate},
	cNewInstallation:  {Name: "new_installation", Kind: KindBool, Required: true},
	cRqthAld:          {Name: "rqth_ald", Kind: KindBool, Required: true},
	cOption:           {Name: "option", Kind: KindInt, Required: true},
	cSignedOn:         {Name: "signed_on", Kind: KindDate, Required: true},
	cHiredOn:          {Name: "hired_on", Kind: KindDate},
	cEndedOn:          {Name: "ended_on", Kind: KindDate},
	cBaselineYear:     {Name: "baseline_year", Kind: KindInt},
	cBaselineMTAdult:  {Name: "baseline_mt_adult", Kind: KindInt},
	cBaselineMTChild:  {Name: "baseline_mt_child", Kind: KindInt},
	cBaselineFA:       {Name: "baseline_file_active", Kind: KindInt},
	cTargetMT:         {Name: "target_mt", Kind: KindInt},
	cTargetFA:         {Name: "target_file_active", Kind: KindInt},
	cDoctorBirthYear:  {Name: "doctor_birth_year", Kind: KindInt},
	cFees12mTotal:     {Name: "fees_12m_total", Kind: KindInt, V13Optional: true},
	cFees12mCCAM:      {Name: "fees_12m_ccam", Kind: KindInt, V13Optional: true},
}

// Columns of the activity extract (DATA.md "activity"), in the order of ActivityColumns.
const (
	aDoctorID = iota
	aYear
	aSpecialty
	aMTAdult
	aMTChild
	aFileActive
	aFSVolet1
)

// ActivityColumns are the listed columns of the activity extract (DATA.md "activity").
var ActivityColumns = []Column{
	aDoctorID:   {Name: "doctor_id", Kind: KindString, Required: true},
	aYear:       {Name: "year", Kind: KindInt, Required: true},
	aSpecialty:  {Name: "specialty", Kind: KindString, Required: true, Dict: true},
	aMTAdult:    {Name: "mt_adult", Kind: KindInt},
	aMTChild:    {Name: "mt_child", Kind: KindInt},
	aFileActive: {Name: "file_active", Kind: KindInt, Required: true},
	aFSVolet1:   {Name: "fs_volet1", Kind: KindBool, Required: true},
}

// Columns of the suspensions input (DATA.md "suspensions"), in the order of
// SuspensionColumns.
const (
	sContractID = iota
	sSuspendedFrom
	sSuspendedUntil
	sReason
)

// SuspensionColumns are the listed columns of the suspensions input (DATA.md
// "suspensions"). None is v1.3-optional: the input is new in v1.3, so a file must have all
// four, reason included.
var SuspensionColumns = []Column{
	sContractID:     {Name: "contract_id", Kind: KindString, Required: true},
	sSuspendedFrom:  {Name: "suspended_from", Kind: KindDate, Required: true},
	sSuspendedUntil: {Name: "suspended_until", Kind: KindDate},
	sReason:         {Name: "reason", Kind: KindString},
}

// requiredMask returns the Required columns of cols as a bit set over their indexes.
func requiredMask(cols []Column) uint32 {
	var m uint32
	for i, c := range cols {
		if c.Required {
			m |= 1 << i
		}
	}
	return m
}

var (
	contractRequired   = requiredMask(ContractColumns)
	activityRequired   = requiredMask(ActivityColumns)
	suspensionRequired = requiredMask(SuspensionColumns)
)
