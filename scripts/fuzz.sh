#!/usr/bin/env bash
# Runs every Go fuzz target of the module for DURATION each (make fuzz: 30s), one after
# the other, and exits 1 if any of them failed. A failing input is written by `go test`
# under the package's testdata/fuzz/FuzzX/; commit it with the fix, so that plain
# `go test` (CI) replays it for ever.
#
#   scripts/fuzz.sh 30s                  every fuzzer, 30 s each
#   scripts/fuzz.sh 5m FuzzParquetBytes  only the fuzzers whose name matches
#   FUZZ_KEEP=20 scripts/fuzz.sh 2m      also copy the 20 smallest inputs the fuzzer found
#                                        interesting (its cache) into testdata/fuzz/, to
#                                        review and commit as corpus
set -uo pipefail
cd "$(dirname "$0")/.."

dur=${1:?usage: scripts/fuzz.sh DURATION [NAME_REGEXP]}
match=${2:-.}
keep=${FUZZ_KEEP:-0}
cache=$(go env GOCACHE)/fuzz

# "go test -list" prints the fuzz targets of each package, then "ok  <package> …".
targets=$(go test -list '^Fuzz' ./... 2>/dev/null | awk '
	/^Fuzz/ { names[n++] = $1; next }
	/^ok / { for (i = 0; i < n; i++) print $2, names[i]; n = 0 }')
if [ -z "$targets" ]; then
	echo "fuzz.sh: no fuzz target found (does the module build?)" >&2
	exit 1
fi

failed=()
while read -r pkg name; do
	[[ $name =~ $match ]] || continue
	echo "== $name ($pkg) for $dur"
	if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "$dur" "$pkg"; then
		failed+=("$pkg $name")
	fi
	if [ "$keep" -gt 0 ] && [ -d "$cache/$pkg/$name" ]; then
		dir=$(go list -f '{{.Dir}}' "$pkg")/testdata/fuzz/$name
		mkdir -p "$dir"
		ls -S -r "$cache/$pkg/$name" | head -n "$keep" | while read -r f; do
			cp -n "$cache/$pkg/$name/$f" "$dir/"
		done
		echo "   kept up to $keep inputs in $dir"
	fi
done <<<"$targets"

if [ ${#failed[@]} -gt 0 ]; then
	printf 'fuzz.sh: FAILED: %s\n' "${failed[@]}" >&2
	exit 1
fi
echo "fuzz.sh: every fuzzer ran $dur without a failure"
