// Package pipeline runs one payment year end to end: load and validate both extracts,
// compute the bands, evaluate every contract on a bounded worker pool, sort, write and
// publish the partition atomically.
//
// It owns the stages and their cancellation; the rules live in calc and every file
// format in io/…. Nothing here may let map order, the wall clock or the worker count
// reach an output byte.
package pipeline
