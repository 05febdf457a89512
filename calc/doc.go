// Package calc implements the payment rules of the medical-assistant aid (RULES.md, spec
// v1.2) as pure functions: typed rows in, typed results and explanation records out.
//
// It must never do I/O, log, read a clock or import Arrow. Money is integer cents
// (Cents); ratios are exact rationals; every time-dependent function takes a Date.
package calc
