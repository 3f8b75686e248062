#!/usr/bin/env bash
# Start-up time and peak memory of a spikesim build (README, "Installing the spikesim command").
#   bash docs/measure-startup.sh EXE [N]
# EXE: the installed `spikesim`, or a build's executable (e.g. src/SpikeSim.Cli/bin/Release/net10.0/spikesim).
# Each quick command runs N times (default 10): the mean wall time from `date +%s%N`; the peak resident memory
# of one more run from /usr/bin/time -f %M. cuba is the whole 1 s run with its recordings (spikes, v, rates);
# the Brunel run (one thread, 150 ms) runs once.
# Run from the repository root.
set -euo pipefail
exe=$1; n=${2:-10}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
measure() {
    local label=$1 reps=$2; shift 2
    local total=0
    for _ in $(seq "$reps"); do
        local s e
        s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
        total=$((total + e - s))
    done
    local kb
    kb=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
    printf '%-40s %7.3f s %6d MB\n' "$label" "$(echo "$total / $reps / 1000000000" | bc -l)" "$((kb / 1024))"
}
measure "--version" "$n" "$exe" --version
measure "validate models/brunel2000.json" "$n" "$exe" validate models/brunel2000.json
measure "run models/lif-dc.json" "$n" "$exe" run models/lif-dc.json --out "$out/lif-dc" --quiet
measure "run models/cuba.json" "$n" "$exe" run models/cuba.json --out "$out/cuba" --quiet
measure "run brunel2000 -t 1 --duration 150 ms" 1 "$exe" run models/brunel2000.json --out "$out/brunel" --quiet -t 1 --duration "150 ms"
