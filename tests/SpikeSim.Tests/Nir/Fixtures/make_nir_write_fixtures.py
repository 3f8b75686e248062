#!/usr/bin/python3
"""Writes all_by_nir.nir, nested_by_nir.nir and threshold_by_nir.nir with NIR's own reference writer (nir.write), so that the tests read
files made by the real thing, not only by make_fixtures.py's imitation. Needs the `nir` package: PyPI is not
reachable on the build machine, so run it against a checkout of github.com/neuromorphs/NIR:
    PYTHONPATH=/path/to/NIR /usr/bin/python3 make_nir_write_fixtures.py
(an uninstalled checkout has no nir.version, hence the line that sets it).
"""
import numpy as np

import nir

if not hasattr(nir, "version"):
    nir.version = "1.0.0"


def a(*values):
    return np.array(values, dtype=np.float64)


def linear(w):
    return nir.Linear(weight=np.array([[w]]))


# Every primitive SpikeSim maps, in one chain: input -Affine-> lif -Linear,Scale,Delay-> cuba -Linear,Delay-> if,
# and from if to the three non-spiking integrators, each feeding an Output.
nodes = {
    "input": nir.Input(input_type=np.array([2])),
    "aff": nir.Affine(weight=np.array([[1.0, 2.0], [3.0, 4.0]]), bias=a(0.5, 0.0)),
    "lif": nir.LIF(tau=a(10.0, 10.0), r=a(1.0, 1.0), v_leak=a(0.0, 0.0), v_threshold=a(1.0, 1.0), v_reset=a(0.0, 0.0)),
    "lin": nir.Linear(weight=np.array([[1.0, 1.0]])),
    "scale": nir.Scale(scale=a(2.0)),
    "delay": nir.Delay(delay=a(1.5)),
    "cuba": nir.CubaLIF(tau_syn=a(2.0), tau_mem=a(10.0), r=a(1.0), v_leak=a(0.0), v_threshold=a(1.0), w_in=1.0),
    "lin2": linear(1.0), "d2": nir.Delay(delay=a(1.0)),
    "if": nir.IF(r=a(1.0), v_threshold=a(1.0)),
    "lin3": linear(1.0), "d3": nir.Delay(delay=a(1.0)),
    "li": nir.LI(tau=a(5.0), r=a(1.0), v_leak=a(0.0)),
    "lin4": linear(1.0), "d4": nir.Delay(delay=a(1.0)),
    "cubali": nir.CubaLI(tau_syn=a(2.0), tau_mem=a(5.0), r=a(1.0), v_leak=a(0.0)),
    "lin5": linear(1.0), "d5": nir.Delay(delay=a(1.0)),
    "i": nir.I(r=a(1.0)),
    "out_li": nir.Output(output_type=np.array([1])),
    "out_cubali": nir.Output(output_type=np.array([1])),
    "out_i": nir.Output(output_type=np.array([1])),
}
edges = [("input", "aff"), ("aff", "lif"), ("lif", "lin"), ("lin", "scale"), ("scale", "delay"), ("delay", "cuba"),
         ("cuba", "lin2"), ("lin2", "d2"), ("d2", "if"), ("if", "lin3"), ("lin3", "d3"), ("d3", "li"), ("li", "out_li"),
         ("if", "lin4"), ("lin4", "d4"), ("d4", "cubali"), ("cubali", "out_cubali"), ("if", "lin5"), ("lin5", "d5"),
         ("d5", "i"), ("i", "out_i")]
nir.write("all_by_nir.nir", nir.NIRGraph(nodes=nodes, edges=edges, metadata={"note": "written by nir.write"}))

sub = nir.NIRGraph.from_list(linear(2.0), nir.LIF(tau=a(10.0), r=a(1.0), v_leak=a(0.0), v_threshold=a(1.0)))
outer = nir.NIRGraph(nodes={"input": nir.Input(input_type=np.array([1])), "sub": sub, "output": nir.Output(output_type=np.array([1]))},
                     edges=[("input", "sub"), ("sub", "output")])
nir.write("nested_by_nir.nir", outer)

# Threshold in the two patterns SpikeSim maps: after an LI (a spike at each upward crossing, no reset) and after a
# LIF (the spikes pass unchanged), as in graphs that compose LIF = LI; Threshold (NIR's primitives table).
thr_nodes = {
    "input": nir.Input(input_type=np.array([1])),
    "w_in": nir.Linear(weight=np.array([[1.0], [1.0]])),
    "li": nir.LI(tau=a(10.0, 10.0), r=a(2.0, 2.0), v_leak=a(0.0, 0.0)),
    "thr": nir.Threshold(threshold=a(15.0, 12.0)),
    "w_out": nir.Linear(weight=np.array([[20.0, 0.0]])),
    "lif": nir.LIF(tau=a(10.0), r=a(1.0), v_leak=a(0.0), v_threshold=a(1.0)),
    "thr_lif": nir.Threshold(threshold=a(0.5)),
    "w_lif": linear(3.0),
    "lif2": nir.LIF(tau=a(20.0), r=a(2.0), v_leak=a(0.0), v_threshold=a(1.0)),
    "output": nir.Output(output_type=np.array([1])),
}
thr_edges = [("input", "w_in"), ("w_in", "li"), ("li", "thr"), ("thr", "w_out"), ("w_out", "lif"), ("lif", "thr_lif"),
             ("thr_lif", "w_lif"), ("w_lif", "lif2"), ("lif2", "output")]
nir.write("threshold_by_nir.nir", nir.NIRGraph(nodes=thr_nodes, edges=thr_edges))
