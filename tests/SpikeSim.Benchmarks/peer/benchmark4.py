"""Benchmark C: Brette et al. (2007) benchmark 4 -- the CUBA-sized network with delta synapses
(instantaneous voltage jumps), the peer of SpikeSim's models/benchmark4.json.

4000 neurons (80% exc / 20% inh), random connectivity p=0.02, tau_m=20 ms, El=-49 mV (above threshold:
the network is self-driven), Vt=-50 mV, Vr=-60 mV, refractory 5 ms, jumps +0.25 mV (exc) / -2.25 mV (inh),
delay 0.1 ms, V(0) uniform in [Vr, Vt], dt=0.1 ms.

As in SpikeSim's delta synapses (and NEST's iaf_psc_delta, and the shared brunel.py) inputs arriving during
the refractory period are discarded; --refr-input add adds them instead (Brian2's usual behaviour).

usage: /usr/bin/python3 benchmark4.py N DURATION_S TARGET [--p P] [--threads T] [--seed S] [--refr-input discard|add]
  N        number of neurons (80% exc / 20% inh); 4000 is the benchmark
  TARGET   numpy | cython | cpp_standalone
  --p      connection probability (default 80/N -> p=0.02 at N=4000)
  --threads  OpenMP threads (cpp_standalone only; 0 = plain single-threaded build)

Imports the shared peer helpers (common.py) from SPIKESIM_PEER_DIR, or ../shared/peer relative to the
repository root.
"""
import argparse, os, sys, time
import numpy as np

_here = os.path.dirname(os.path.abspath(__file__))
_peer = os.environ.get('SPIKESIM_PEER_DIR') or os.path.normpath(
    os.path.join(_here, '..', '..', '..', '..', 'shared', 'peer'))
sys.path.insert(0, _peer)
import common  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument('N', type=int)
ap.add_argument('duration', type=float)
ap.add_argument('target')
ap.add_argument('--p', type=float, default=None)
ap.add_argument('--threads', type=int, default=0)
ap.add_argument('--seed', type=int, default=None)
ap.add_argument('--refr-input', default='discard', choices=['discard', 'add'])
a = ap.parse_args()

from brian2 import *  # noqa: E402,F401,F403
t_script0 = time.perf_counter()
N = a.N
Ne = int(round(0.8 * N))
p = a.p if a.p is not None else 80.0 / N
name = f'benchmark4_N{N}_p{p:g}_{a.refr_input}_t{a.threads}'
d = common.setup_target(a.target, name, threads=a.threads)
if a.seed is not None:
    seed(a.seed)
defaultclock.dt = 0.1*ms

taum = 20*ms
Vt = -50*mV
Vr = -60*mV
El = -49*mV
we = 0.25*mV    # excitatory jump
wi = -2.25*mV   # inhibitory jump

P = NeuronGroup(N, 'dv/dt = (El - v)/taum : volt (unless refractory)',
                threshold='v>Vt', reset='v = Vr', refractory=5*ms, method='exact')
P.v = 'Vr + rand() * (Vt - Vr)'
gate = '*int(not_refractory_post)' if a.refr_input == 'discard' else ''
Ce = Synapses(P, P, on_pre='v_post += we' + gate, delay=0.1*ms)
Ci = Synapses(P, P, on_pre='v_post += wi' + gate, delay=0.1*ms)
t_c0 = time.perf_counter()
Ce.connect('i<Ne', p=p)
Ci.connect('i>=Ne', p=p)
t_connect = time.perf_counter() - t_c0   # real only for runtime targets
s_mon = SpikeMonitor(P, record=False)     # per-neuron spike counts only

t0 = time.perf_counter()
run(a.duration*second)
t_run_call = time.perf_counter() - t0
res = {'bench': 'benchmark4', 'target': a.target, 'threads': a.threads, 'N': N, 'p': p,
       'refr_input': a.refr_input, 'duration_s': a.duration, 'build_dir': d}
if a.target == 'cpp_standalone':
    res.update(common.standalone_build(d))
else:
    res['connect_s'] = t_connect
    res['run_call_s'] = t_run_call
    res['loop_s'] = float(device._last_run_time)

counts = np.asarray(s_mon.count[:], dtype=np.int64)
outdeg = np.bincount(np.asarray(Ce.i[:]), minlength=N) + np.bincount(np.asarray(Ci.i[:]), minlength=N)
nsyn = int(len(Ce) + len(Ci))
spikes = int(counts.sum())
events = int((counts * outdeg).sum())
res.update({
    'synapses': nsyn,
    'mean_in_degree': nsyn / N,
    'spikes': spikes,
    'mean_rate_Hz': spikes / N / a.duration,
    'rate_E_Hz': counts[:Ne].sum() / Ne / a.duration,
    'rate_I_Hz': counts[Ne:].sum() / (N - Ne) / a.duration,
    'syn_events': events,
    'events_per_loop_s': events / res['loop_s'],
    'events_per_binary_s': events / res['run_binary_s'] if 'run_binary_s' in res else None,
    'realtime_factor_loop': res['loop_s'] / a.duration,
    'self_rss_MB': common.peak_rss_mb()[0],
    'children_rss_MB': common.peak_rss_mb()[1],
    'script_wall_s': time.perf_counter() - t_script0,
})
common.emit(res)
