#!/usr/bin/env bash
# The whole process as a user meets it: the installed `spikesim run MODEL` (start-up, build, run, recording, writing
# the run folder) interleaved with Brian2's standalone binary of the same network, N times each; prints each side's
# median wall time and peak memory (GNU time). The Brian2 binary is the one the benchmark built in its cache
# (run the benchmark once first). Usage, from the repository root:
#   tests/SpikeSim.Benchmarks/scripts/whole-process.sh MODEL.json BRIAN2_BUILD_DIR N [spikesim options...]
# e.g.
#   tests/SpikeSim.Benchmarks/scripts/whole-process.sh models/cuba.json tests/SpikeSim.Benchmarks/peer-cache/standalone/cuba_N4000_p0.02_t0 15
#   tests/SpikeSim.Benchmarks/scripts/whole-process.sh models/brunel2000.json tests/SpikeSim.Benchmarks/peer-cache/standalone/brunel_s1_discard_t0 3 --threads 2
set -euo pipefail
model=${1:?model file} brian=${2:?Brian2 standalone build folder} n=${3:?runs}
shift 3
command -v spikesim >/dev/null || { echo "spikesim is not on PATH (see README: Installing the spikesim command)" >&2; exit 2; }
[ -x "$brian/main" ] || { echo "$brian/main: no Brian2 standalone binary there (run the benchmark once)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for ((i = 0; i < n; i++)); do
  rm -rf "$out/run"
  /usr/bin/time -f "%e %M" -a -o "$out/spikesim" spikesim run "$model" --out "$out/run" "$@" >/dev/null 2>&1
  (cd "$brian" && /usr/bin/time -f "%e %M" -a -o "$out/brian2" ./main >/dev/null 2>&1)
done
for side in spikesim brian2; do
  sort -g "$out/$side" | awk -v s="$side" '{t[NR] = $1; m[NR] = $2} END {
    printf "%s: median %.2f s (fastest %.2f, slowest %.2f), median peak %.1f MB, %d runs\n", s, t[int((NR + 1) / 2)], t[1], t[NR], m[int((NR + 1) / 2)] / 1024, NR }'
done
