#!/usr/bin/env bash
# Several builds on one model, one thread, in rounds: each round runs every build once (the benchmark's child mode:
# read, build, Simulator.Run, nothing recorded), starting with the next build each round, so that every build meets
# the machine's slow and fast phases alike; then each build's fastest, first-quartile and median run s. On a machine
# whose speed wanders by 5-40% this compares three or four builds more reliably than pairs of two
# (`ab-pairs.sh`), and it shows which of several commits a change of speed came with.
# Usage, from the repository root:
#   tests/SpikeSim.Benchmarks/scripts/round-robin.sh MODEL.json DURATION_MS ROUNDS DIR...
#   DIR: folders holding SpikeSim.Benchmarks.dll (e.g. `dotnet build -c Release tests/SpikeSim.Benchmarks -o /tmp/b1`)
set -euo pipefail
model=${1:?model file} ms=${2:?duration ms} rounds=${3:?rounds}
shift 3
builds=("$@")
n=${#builds[@]}
((n >= 1)) || { echo "name at least one build folder" >&2; exit 2; }
for b in "${builds[@]}"; do [[ -f $b/SpikeSim.Benchmarks.dll ]] || { echo "$b holds no SpikeSim.Benchmarks.dll" >&2; exit 2; }; done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for ((r = 0; r < rounds; r++)); do
  for ((j = 0; j < n; j++)); do
    i=$(((j + r) % n))
    dotnet "${builds[$i]}/SpikeSim.Benchmarks.dll" --child "$model" "$ms" 1 2>/dev/null |
      sed -n 's/^SPIKESIM_JSON //p' | grep -o '"run_s":[0-9.eE+-]*' | cut -d: -f2 >> "$out/$i"
  done
done
for ((i = 0; i < n; i++)); do
  sort -g "$out/$i" | awk -v b="${builds[$i]}" '{v[NR] = $1} END {printf "%s: fastest %.4f s, first quartile %.4f s, median %.4f s (%d runs)\n", b, v[1], v[int(NR / 4) + 1], v[int((NR + 1) / 2)], NR}'
done
