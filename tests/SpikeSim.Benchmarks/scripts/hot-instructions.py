#!/usr/bin/env python3
"""Where inside one JIT-compiled method a profile's samples fall, instruction by instruction.

A sample lands on the instruction after the one the processor waits for, so the lines printed above each hot offset
are where to look (a reload from the stack, a load that misses, the end of a chain of dependent operations).

Usage, from the repository root, after a Release build (see ../README.md, "Where the time goes"):

  DOTNET_PerfMapEnabled=3 perf record -F 4999 -o /tmp/perf.data \\
      dotnet tests/SpikeSim.Benchmarks/bin/Release/net10.0/SpikeSim.Benchmarks.dll --child models/brunel2000.json 300 1
  DOTNET_JitDisasm=TryAdvanceDeltaBatch DOTNET_JitDisasmWithCodeBytes=1 DOTNET_JitStdOutFile=/tmp/disasm.txt \\
      dotnet tests/SpikeSim.Benchmarks/bin/Release/net10.0/SpikeSim.Benchmarks.dll --child models/brunel2000.json 30 1
  tests/SpikeSim.Benchmarks/scripts/hot-instructions.py /tmp/perf.data /tmp/perf-PID.map /tmp/disasm.txt \\
      Partition:TryAdvanceDeltaBatch [TOP [SPECIALISATION]]

PID is the profiled process's (the newest /tmp/perf-*.map). The method name is matched against the listing with ':';
the listing's last version of the method is taken (the fully optimised one), which is the code the profile saw when
both runs compile it the same way. A generic method compiled for several type arguments has one listing and one perf
map entry per specialisation, and the map names them all alike: a sixth argument, a part of the listing's header
(e.g. FromDelivery), picks the specialisation, and the map's entry is the one of that name whose size is the
listing's "Total bytes of code".
"""
import re
import subprocess
import sys
from collections import Counter


def method_range(map_file, name, code_bytes):
    for line in open(map_file):
        address, size, symbol = line.split(' ', 2)
        if name.replace(':', '::') in symbol and int(size, 16) == code_bytes:
            return int(address, 16), int(size, 16)
    sys.exit(f'{name} of {code_bytes} bytes is not in {map_file}')


def instructions(listing_file, name, variant):
    listings = [b for b in open(listing_file).read().split('; Assembly listing for method ')
                if name in b.split('\n', 1)[0] and variant in b.split('\n', 1)[0]]
    if not listings:
        sys.exit(f'{name} ({variant}) is not in {listing_file} (DOTNET_JitDisasm and DOTNET_JitDisasmWithCodeBytes=1)')
    code_bytes = int(re.search(r'; Total bytes of code (\d+)', listings[-1]).group(1))
    offset, result = 0, []
    for line in listings[-1].split('\n'):
        block = re.match(r'^(G_M\d+_IG\d+):\s+;; offset=0x([0-9A-F]+)', line)
        if block:
            offset = int(block.group(2), 16)
            result.append((offset, block.group(1) + ':'))
            continue
        code = re.match(r'^\s+([0-9A-F]{2,})\s+(\S.*)$', line)
        if code:
            result.append((offset, '    ' + code.group(2).strip()))
            offset += len(code.group(1)) // 2
    return result, code_bytes


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    perf_data, map_file, listing_file, name = sys.argv[1:5]
    top = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    variant = sys.argv[6] if len(sys.argv) > 6 else ''
    code, code_bytes = instructions(listing_file, name, variant)
    start, size = method_range(map_file, name, code_bytes)
    ips = subprocess.run(['perf', 'script', '-i', perf_data, '-F', 'ip'], capture_output=True, text=True, check=True).stdout.split()
    hits = Counter(int(ip, 16) - start for ip in ips if start <= int(ip, 16) < start + size)
    total = sum(hits.values())
    print(f'{name}: {total} of {len(ips)} samples ({100 * total / max(1, len(ips)):.1f}%)')
    for offset, count in hits.most_common(top):
        print(f'\n+0x{offset:x}: {count} samples, {100 * count / total:.1f}% of the method')
        at = max((i for i, (o, _) in enumerate(code) if o <= offset), default=0)
        for o, text in code[max(0, at - 6): at + 2]:
            print(f'  {"->" if o == offset and not text.endswith(":") else "  "} {o:5x} {text}')


if __name__ == '__main__':
    main()
