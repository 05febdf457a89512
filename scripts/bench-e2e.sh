#!/usr/bin/env bash
# End-to-end benchmark: `amcalc run --year 2024` on national-scale synthetic extracts.
#
# Called by `make bench-e2e` (after `make build`): generates data/scale1 and data/scale10
# with bin/amgen when absent, runs each three times under /usr/bin/time -v, and prints one
# line per scale: input rows (contracts + activity + suspensions, from the run's manifest), wall time
# (min and median of 3) and peak RSS (max of 3). Needs coreutils, awk and /usr/bin/time.
#
# Environment: SCALES (default "1 10"), RUNS (default 3), YEAR (default 2024).
set -euo pipefail

cd "$(dirname "$0")/.."

SCALES=${SCALES:-"1 10"}
RUNS=${RUNS:-3}
YEAR=${YEAR:-2024}
AMCALC=bin/amcalc
AMGEN=bin/amgen
TIME=/usr/bin/time

die() { echo "bench-e2e: $*" >&2; exit 1; }

[[ -x $TIME ]] || die "$TIME is missing (GNU time, for wall time and peak RSS): install it with 'apt-get install time'"
[[ -x $AMCALC && -x $AMGEN ]] || die "$AMCALC or $AMGEN is missing: run 'make build' first (or 'make bench-e2e')"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS=$RUNS: want a positive integer"

# complete DIR: the extract set of amgen is there (contracts, suspensions, activity files).
# A set generated before v1.3 (no suspensions.parquet) is incomplete: remove it.
complete() {
	[[ -f $1/contracts.parquet && -f $1/suspensions.parquet ]] && compgen -G "$1/activity/*/*.parquet" >/dev/null
}

# generate N: data/scaleN from bin/amgen, written beside it then renamed, so that an
# interrupted generation never looks complete to the next run.
generate() {
	local n=$1 dir=data/scale$1
	if complete "$dir"; then
		return
	fi
	[[ ! -e $dir ]] || die "$dir exists but is incomplete (no contracts.parquet, suspensions.parquet or activity/*/*.parquet; generated before v1.3?): remove it and rerun"
	local tmp
	tmp=$(mktemp -d "data/.scale$n.XXXXXX")
	trap "rm -rf '$tmp'" EXIT
	echo "bench-e2e: generating $dir (bin/amgen --scale $n)…" >&2
	local t0=$SECONDS
	"$AMGEN" --scale "$n" --out "$tmp" >&2
	mv "$tmp" "$dir"
	trap - EXIT
	echo "bench-e2e: generated $dir in $((SECONDS - t0)) s" >&2
}

# seconds TEXT: GNU time's "h:mm:ss" or "m:ss.cc" elapsed time in seconds.
seconds() {
	awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f\n", s }' <<<"$1"
}

# input_rows MANIFEST: the rows read of every input (each input's total "rows", the line
# just before its "rows_rejected"): contracts, activity and suspensions.
input_rows() {
	awk '/"rows":/ { gsub(/[^0-9]/, "", $2); last = $2 }
	     /"rows_rejected":/ { sum += last; n++ }
	     END { if (n != 3) exit 1; print sum }' "$1"
}

mkdir -p data
for n in $SCALES; do
	generate "$n"
done

logdir=$(mktemp -d /tmp/amcalc-bench-logs.XXXXXX)
declare -a lines
for n in $SCALES; do
	out=/tmp/amcalc-bench-$n
	walls=() rss=()
	for ((r = 1; r <= RUNS; r++)); do
		log=$logdir/scale$n-run$r.txt
		echo "bench-e2e: scale $n, run $r/$RUNS…" >&2
		if ! "$TIME" -v -o "$log.time" "$AMCALC" run --year "$YEAR" \
			--contracts "data/scale$n/contracts.parquet" --activity "data/scale$n/activity" \
			--suspensions "data/scale$n/suspensions.parquet" \
			--out "$out" --log-level warn >"$log" 2>&1; then
			cat "$log" "$log.time" >&2
			die "amcalc run failed on data/scale$n (logs in $logdir)"
		fi
		elapsed=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time.*: //p' "$log.time")
		kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$log.time")
		[[ -n $elapsed && -n $kb ]] || die "cannot read $log.time"
		walls+=("$(seconds "$elapsed")")
		rss+=("$kb")
	done
	rows=$(input_rows "$out/year=$YEAR/_MANIFEST.json") || die "cannot read the input rows from $out/year=$YEAR/_MANIFEST.json"
	sorted=$(printf '%s\n' "${walls[@]}" | sort -g)
	min=$(head -n 1 <<<"$sorted")
	median=$(sed -n "$(((RUNS + 1) / 2))p" <<<"$sorted")
	peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
	lines+=("$(printf '%-6s %12s %11s %14s %13s' "$n" "$rows" "$min" "$median" "$((peak / 1024))")")
done

echo
echo "amcalc run --year $YEAR, $RUNS runs per scale ($("$AMCALC" version))"
echo "date:  $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "nproc: $(nproc)"
echo "cpu:   $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo
printf '%-6s %12s %11s %14s %13s\n' scale "input rows" "wall min s" "wall median s" "peak RSS MiB"
printf '%s\n' "${lines[@]}"
rm -rf "$logdir"
