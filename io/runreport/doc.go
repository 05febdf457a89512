// Package runreport renders one published partition (OUT/year=YYYY/) as a single
// self-contained HTML page: where the money went, what the rules cut, what was refused
// and, given a previous partition, what changed (the diff summary of io/partdiff).
//
// It reads only the partition's five files (the four tables and _MANIFEST.json, each
// checked against the manifest's sha256): it never reads an extract and never recomputes
// a rule. Money stays in integer cents from the Parquet column to the formatted text; no
// float is on any path to a euro. The page runs no script and fetches nothing (inline CSS
// and SVG, a Content-Security-Policy of default-src 'none'); its numbers are also
// embedded as JSON data. The output depends on nothing but the partitions and the
// language: no clock, no map order, no host name.
package runreport
