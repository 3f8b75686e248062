#!/usr/bin/env bash
# Proof that a refactor moved nothing: runs every shipped model (300 ms, 2 threads; the lif models also in the
# artificial mode) with two spikesim builds and compares the run folders byte for byte (summary.json without its
# wall_s and version lines). Prints one line per differing file; exit 0 when all are identical.
# Usage (from the repository root): tests/run-folder-identity.sh OLD/spikesim.dll NEW/spikesim.dll OUTDIR
#   e.g. git archive BASE | tar -x -C /tmp/base && dotnet build /tmp/base/src/SpikeSim.Cli -c Release
#        tests/run-folder-identity.sh /tmp/base/src/SpikeSim.Cli/bin/Release/net10.0/spikesim.dll \
#            src/SpikeSim.Cli/bin/Release/net10.0/spikesim.dll /tmp/identity
set -u
old=$1 new=$2 out=$3
status=0; mkdir -p $out
for run in models/*.json models/cuba.json:artificial models/brunel2000.json:artificial models/lif-dc.json:artificial; do
  m=${run%%:*}
  case $m in *schema.json) continue;; esac
  name=$(basename $m .json)
  args=(--quiet --threads 2 --duration "300 ms")
  case $run in *:artificial) name=$name-artificial; args+=(--mode artificial);; esac
  for side in old new; do
    dll=$old; [ $side = new ] && dll=$new
    rm -rf $out/$side/$name
    dotnet $dll run $m --out $out/$side/$name "${args[@]}" >/dev/null 2>$out/$side-$name.err || echo "$name $side failed: $(tail -1 $out/$side-$name.err)"
  done
  for f in $(cd $out/old/$name && ls); do
    if [ $f = summary.json ]; then
      if ! diff <(grep -v -E '"(wall_s|version)"' $out/old/$name/$f) <(grep -v -E '"(wall_s|version)"' $out/new/$name/$f) >/dev/null; then echo "$name/$f differs"; status=1; fi
    elif ! cmp -s $out/old/$name/$f $out/new/$name/$f; then echo "$name/$f differs"; status=1; fi
  done
  echo "$name: $(cd $out/new/$name && ls | tr '\n' ' ')"
done
exit $status
