"""Runs one Brian2 peer script and measures the peak memory of its standalone binary alone.

usage: /usr/bin/python3 run_peer.py SCRIPT.py [script arguments...]

The peer scripts (../shared/peer/*.py, peer/benchmark4.py) print a `RESULT_JSON {...}` line. Their own
`children_rss_MB` (getrusage RUSAGE_CHILDREN) is the largest of ALL children: on a build that compiles it is
g++'s peak, not the simulation's. So before running the script this wrapper sets Brian2's
`devices.cpp_standalone.run_cmd_unix` to `/usr/bin/time -f "%M %e" -o FILE ./main`, which records the peak RSS
of the binary and nothing else, and afterwards prints one more line:

  PEER_MEMORY_JSON {"binary_peak_rss_MB": ..., "binary_wall_s": ..., "python_peak_rss_MB": ...,
                    "children_peak_rss_MB": ...}

binary_peak_rss_MB is null when /usr/bin/time is missing (apt-get install time) or for runtime targets.
"""
import json, os, resource, runpy, sys, tempfile

if len(sys.argv) < 2:
    sys.exit(__doc__)
script = os.path.abspath(sys.argv[1])
sys.path.insert(0, os.path.dirname(script))
sys.argv = [script] + sys.argv[2:]

time_file = None
if os.path.exists('/usr/bin/time'):
    fd, time_file = tempfile.mkstemp(prefix='spikesim-peer-', suffix='.time')
    os.close(fd)
    from brian2 import prefs
    prefs.devices.cpp_standalone.run_cmd_unix = ['/usr/bin/time', '-f', '%M %e', '-o', time_file, './main']

try:
    runpy.run_path(script, run_name='__main__')
finally:
    binary_kb = binary_wall = None
    if time_file is not None:
        try:
            with open(time_file) as f:
                lines = [l.split() for l in f.read().splitlines() if l.strip()]
            # the last line is "%M %e"; "Command exited with non-zero status" may precede it
            if lines and len(lines[-1]) == 2:
                binary_kb, binary_wall = float(lines[-1][0]), float(lines[-1][1])
        except (OSError, ValueError):
            pass
        finally:
            os.unlink(time_file)
    mem = {
        'binary_peak_rss_MB': binary_kb / 1024.0 if binary_kb is not None else None,
        'binary_wall_s': binary_wall,
        'python_peak_rss_MB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        'children_peak_rss_MB': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0,
    }
    print('PEER_MEMORY_JSON ' + json.dumps(mem))
    sys.stdout.flush()
