// Package partdiff compares two published amcalc partitions (OUT/year=YYYY/) by content:
// rows are matched by DATA.md's keys and compared value by value, whatever the physical
// Parquet storage (an int32 equals an int64 of the same value; a DECIMAL(18,2) stored as
// INT64, INT32 or FIXED_LEN_BYTE_ARRAY is its decimal value; a null is not an empty string).
//
// It serves the conformance test (our output against the expected files) and the auditors'
// command `amcalc diff OLD NEW`. CheckOrderAndTypes checks what the content comparison
// deliberately ignores: the DATA.md row order and Parquet types of one partition.
//
// The package only reads: it never writes, moves or locks a partition, and its reports
// depend on nothing but the two partitions and the Options (no map order, no clock).
package partdiff
