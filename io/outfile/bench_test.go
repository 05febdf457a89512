package outfile

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/amcalc/amcalc/calc"
)

// BenchmarkWritePayments writes a national-scale payments file (300 000 rows, about what
// scale 10 publishes) and its verification read-back.
func BenchmarkWritePayments(b *testing.B) {
	rows := make([]calc.Payment, 300_000)
	for i := range rows {
		k := int32(i%5 + 1)
		rows[i] = calc.Payment{
			ContractID: fmt.Sprintf("C%08d", i/5), DoctorID: fmt.Sprintf("1%010d", i/5), ContractYear: k,
			Kind: "settlement", EventDate: calc.Date(19000 + i%365), PeriodStart: calc.Date(18635 + i%365),
			PeriodEnd: calc.Date(19000 + i%365), CoveredDays: calc.Some(365), PeriodDays: 365, AmountTable: "T2019",
			Band: calc.BandP30P50, ObservationYear: calc.Some(2024), TargetFA: calc.Some(1750), TargetMT: calc.Some(1163),
			ObservedFA: calc.Some(int64(1500 + i%300)), ObservedMT: calc.Some(int64(1000 + i%200)), ObjectiveSource: "grid",
			Attainment: calc.SomeRatio(calc.NewRatio(int64(i%1000), 1000)), Modulation: calc.SomeRatio(calc.One),
			Prorata: calc.SomeRatio(calc.One), BaseAmount: calc.Euros(10500), Due: calc.Cents(614430 + i%1000),
			Payable: calc.Cents(614430 + i%1000),
		}
	}
	dir := b.TempDir()
	for b.Loop() {
		if _, err := WritePayments(filepath.Join(dir, "payments.parquet"), rows, Options{Version: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}
