#!/usr/bin/env bash
# Where a run's time goes: samples one SpikeSim run with perf (the benchmark's child mode: read, build, run, no
# recording) and sums the samples by engine phase: first column, share of all samples; second, share of the
# simulation's (without the network build and the runtime's start-up and JIT, which run_s does not count either). Usage, from the repository root, after a Release build:
#   tests/SpikeSim.Benchmarks/scripts/profile.sh MODEL.json DURATION_MS THREADS [BENCHMARK.dll]
# Needs perf (Debian: linux-perf). JIT-compiled code is named through the runtime's perf map.
set -euo pipefail
model=${1:?model file}; duration=${2:?duration ms}; threads=${3:?threads}
dll=${4:-tests/SpikeSim.Benchmarks/bin/Release/net10.0/SpikeSim.Benchmarks.dll}
data=$(mktemp /tmp/spikesim-profile.XXXXXX)
trap 'rm -f "$data"' EXIT

DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
    perf record -q -F 2999 -o "$data" dotnet "$dll" --child "$model" "$duration" "$threads" 2>/dev/null |
    sed -n 's/^SPIKESIM_JSON //p' | tr ',' '\n' | grep -E '"(run_s|build_s|recurrent_events|input_events|spikes)"' | tr '\n' ' '
echo

# Phase of each symbol: the first pattern that matches (order matters).
perf report -i "$data" --no-children --sort symbol -q -F overhead,sym 2>/dev/null | awk '
function phase(s) {
    if (s ~ /Connectivity|Network::Build|Modeling|Json|Transpose|ChooseSources|SplitRows|Plastic[A-Za-z]*::.ctor|BuildIncoming|BuildSourceBits/) return "network build (not in run_s)";
    if (s ~ /Plasticity|ArriveAhead|Rewind|CollectPlastic|ReferencesInMergeOrder|ResolveReferences/) return "plasticity rules";
    if (s ~ /ieee754_exp|ieee754_log|^exp@|^log@|VectorMath::(Exp|Log)|Exponential::/) return "exp / log";
    if (s ~ /Refill|NextExponential|NextPoisson|EarliestPoisson|PoissonLanes|RandomStream|RandomLanes/)      return "Poisson draws";
    if (s ~ /Deliver|DirectRow|DirectOther|FlushFull|EventList::|ArrivalTable::|EventArena|EventRing::|SliceOf/) return "delivery: scatter to event lists, or rows to the lanes";
    if (s ~ /Gather|TryAdvanceDeltaBatch|TryPrepareDelta|ApplyFrom|ApplyPair|CommonStretch|FinishDelta|AdvanceInPairs|EndWaitingDelta|FreeAtFirstEvent|ApplyPlastic|MergeByTime|MergeSentinels|EnsureBatch/) return "delta neurons: gather, merge, apply";
    if (s ~ /Sort/)                                                    return "sorting";
    if (s ~ /SpikeSim\.Neurons|RunNeuron|TakeSamples|FlushLanes|TryQueueLane/)                 return "event loop and exact dynamics";
    if (s ~ /AdvancePopulation|Partition::Advance|EndVisit|CheckFinite|FirstNonFinite|Simulator::|Active|Wake/) return "per-slice scan of neurons";
    if (s ~ /Barrier|SpinWait|ManualResetEvent|futex|Monitor|Thread/) return "barrier and threads";
    if (s ~ /^\[k\]/)                                                   return "kernel (page faults, scheduling)";
    return "runtime, JIT, other";
}
{ pct = $1; sub(/%/, "", pct); $1 = ""; s = $0; sub(/^ +/, "", s); sub(/^\[\.\] /, "", s); sub(/\(.*/, "", s); total[phase(s)] += pct
      if (ENVIRON["PROFILE_OTHER"] != "" && phase(s) ~ /other/) print pct, s > "/dev/stderr" }
END {
    for (p in total) if (p !~ /network build|runtime/) sim += total[p]
    for (p in total) printf "%6.1f%% %6s  %s\n", total[p], p ~ /network build|runtime/ ? "" : sprintf("%.1f%%", 100 * total[p] / sim), p
}' | sort -rn
