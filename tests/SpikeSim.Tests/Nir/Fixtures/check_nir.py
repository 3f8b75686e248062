#!/usr/bin/python3
"""Reads .nir files exactly as nir.read does (NIR 1.0, nir/serialization.py: hdf2dict over f['node'], strings
decoded from bytes, then each node's fields as its primitive's dataclass takes them) and checks the layout:
'version' at the root, type/nodes/edges in every graph, edges of shape (E, 2) naming existing nodes, and every
primitive's required fields present with consistent shapes. Prints one line per file; exits 1 on the first problem.
Usage: /usr/bin/python3 check_nir.py FILE.nir...
"""
import sys

import h5py
import numpy as np

REQUIRED = {
    "Input": ["shape"], "Output": ["shape"], "Linear": ["weight"], "Affine": ["weight", "bias"], "Scale": ["scale"],
    "Delay": ["delay"], "Threshold": ["threshold"], "LIF": ["tau", "r", "v_leak", "v_threshold"],
    "CubaLIF": ["tau_syn", "tau_mem", "r", "v_leak", "v_threshold"], "IF": ["r", "v_threshold"], "LI": ["tau", "r", "v_leak"],
    "CubaLI": ["tau_syn", "tau_mem", "r", "v_leak"], "I": ["r"],
}
NEURONS = {"LIF", "CubaLIF", "IF", "LI", "CubaLI", "I"}


def hdf2dict(group):
    out = {}
    for key, item in group.items():
        if isinstance(item, h5py.Group):
            out[key] = hdf2dict(item)
        else:
            value = item[()]
            out[key] = value.decode("utf8") if isinstance(value, bytes) else value
    return out


def check_node(name, node):
    kind = node["type"]
    if kind == "NIRGraph":
        nodes = node["nodes"]
        for child, sub in nodes.items():
            check_node(f"{name}/{child}", sub)
        edges = node.get("edges", np.zeros((0, 2)))
        if len(edges):
            assert edges.ndim == 2 and edges.shape[1] == 2, f"{name}: edges must be (E, 2), got {edges.shape}"
            for a, b in edges:
                a, b = a.decode("utf8"), b.decode("utf8")
                assert a in nodes and b in nodes, f"{name}: edge ({a}, {b}) names a missing node"
        return
    assert kind in REQUIRED, f"{name}: unknown primitive {kind}"
    for field in REQUIRED[kind]:
        assert field in node, f"{name}: {kind} lacks {field}"
    if kind in NEURONS:
        shapes = {f: np.shape(node[f]) for f in REQUIRED[kind]}
        assert len(set(shapes.values())) == 1, f"{name}: {kind} fields differ in shape: {shapes}"
    if kind in ("Linear", "Affine"):
        assert np.ndim(node["weight"]) == 2, f"{name}: weight must be 2-d"


def main(paths):
    for path in paths:
        with h5py.File(path, "r") as f:
            version = f["version"][()].decode("utf8")
            graph = hdf2dict(f["node"])
        assert graph["type"] == "NIRGraph", f"{path}: top-level node is {graph['type']}"
        check_node("node", graph)
        print(f"{path}: NIR {version}, {len(graph['nodes'])} nodes: ok")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except AssertionError as e:
        print("check_nir: " + str(e))
        sys.exit(1)
