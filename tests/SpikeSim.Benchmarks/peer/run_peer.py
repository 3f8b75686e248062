"""Runs one Brian2 peer script and measures the peak memory of its standalone binary alone.

usage: /usr/bin/python3 run_peer.py [--dt MS] SCRIPT.py [script arguments...]

The peer scripts (../shared/peer/*.py, peer/benchmark4.py) print a `RESULT_JSON {...}` line. Their own
`children_rss_MB` (getrusage RUSAGE_CHILDREN) is the largest of ALL children: on a build that compiles it is
g++'s peak, not the simulation's. So before running the script this wrapper sets Brian2's
`devices.cpp_standalone.run_cmd_unix` to `/usr/bin/time -f "%M %e" -o FILE ./main`, which records the peak RSS
of the binary and nothing else, and afterwards prints one more line:

  PEER_MEMORY_JSON {"binary_peak_rss_MB": ..., "binary_wall_s": ..., "python_peak_rss_MB": ...,
                    "children_peak_rss_MB": ...}

binary_peak_rss_MB is null when /usr/bin/time is missing (apt-get install time) or for runtime targets.

--dt MS runs the script with Brian2's default clock at MS milliseconds instead of the 0.1 ms the scripts set (for a
network whose Euler steps converge only on a finer grid, such as coba at 0.01 ms): the clock is set just before each
run(), and a standalone build gets its own directory (the script's name with "_dt" and MS appended), so that builds
at both steps stay cached.
"""
import json, os, resource, runpy, sys, tempfile

args = sys.argv[1:]
dt_ms = None
if args[:1] == ['--dt']:
    try:
        dt_ms = float(args[1])
    except (IndexError, ValueError):
        sys.exit('--dt needs a step in ms, e.g. --dt 0.01\n\n' + __doc__)
    if not dt_ms > 0:
        sys.exit(f'--dt must be positive, not {args[1]}')
    args = args[2:]
if not args:
    sys.exit(__doc__)
script = os.path.abspath(args[0])
sys.path.insert(0, os.path.dirname(script))
sys.argv = [script] + args[1:]

if dt_ms is not None:
    # The scripts take `run` from `from brian2 import *`, which copies it from the module when the script runs, and
    # name their build directory through the shared `common.setup_target` (found beside the script or in
    # $SPIKESIM_PEER_DIR, one module for all): both replaced here first.
    import brian2
    if os.environ.get('SPIKESIM_PEER_DIR'):
        sys.path.append(os.environ['SPIKESIM_PEER_DIR'])
    import common
    run_at_default_dt, setup_target_as_named = brian2.run, common.setup_target

    def run_at_dt(*run_args, level=0, **run_kwargs):
        brian2.defaultclock.dt = dt_ms * brian2.ms
        # (run collects the objects of its caller's frame, `level` frames up: one more for this one)
        return run_at_default_dt(*run_args, level=level + 1, **run_kwargs)

    def setup_target_for_dt(target, name, *target_args, **target_kwargs):
        return setup_target_as_named(target, f'{name}_dt{dt_ms:g}', *target_args, **target_kwargs)

    brian2.run, common.setup_target = run_at_dt, setup_target_for_dt

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
