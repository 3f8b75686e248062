#!/usr/bin/python3
"""Writes the NIR test graphs in this folder with h5py, in the layout of nir.write (NIR 1.0,
nir/serialization.py): a root string dataset 'version', a group 'node' holding the NIRGraph (string 'type',
group 'nodes' with one group per node, string array 'edges' of shape (E, 2)), arrays gzip-compressed, Input and
Output 'shape' as int64, strings variable-length UTF-8. Run: /usr/bin/python3 make_fixtures.py (needs python3-h5py).
"""
import h5py
import numpy as np

STR = h5py.string_dtype()


def arr(values, dtype=np.float64):
    return np.asarray(values, dtype=dtype)


def write_node(group, node):
    for key, value in node.items():
        if key == "nodes":
            sub = group.create_group("nodes")
            for name, child in value.items():
                write_node(sub.create_group(name), child)
        elif key == "edges":
            group.create_dataset("edges", data=np.array(value, dtype=object), dtype=STR)
        elif key == "metadata":
            if value:
                meta = group.create_group("metadata")
                for k, v in value.items():
                    meta.create_dataset(k, data=v, dtype=STR if isinstance(v, str) else None)
        elif isinstance(value, str):
            group.create_dataset(key, data=value, dtype=STR)
        else:
            group.create_dataset(key, data=value, dtype=value.dtype, compression="gzip")


def write(path, nodes, edges, metadata=None, version="1.0.0"):
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data=version, dtype=STR)
        write_node(f.create_group("node"), {"type": "NIRGraph", "nodes": nodes, "edges": edges, "metadata": metadata or {}})


def io(n, kind):
    return {"type": kind, "shape": arr([n], np.int64)}


def lif(tau, r, v_leak, v_th, v_reset=None, dtype=np.float64):
    node = {"type": "LIF", "tau": arr([tau], dtype), "r": arr([r], dtype), "v_leak": arr([v_leak], dtype), "v_threshold": arr([v_th], dtype)}
    if v_reset is not None:
        node["v_reset"] = arr([v_reset], dtype)
    return node


def cubalif(tau_syn, tau_mem, r, v_leak, v_th, w_in=1.0):
    return {"type": "CubaLIF", "tau_syn": arr([tau_syn]), "tau_mem": arr([tau_mem]), "r": arr([r]), "v_leak": arr([v_leak]),
            "v_threshold": arr([v_th]), "v_reset": arr([0.0]), "w_in": arr([w_in])}


# One LIF under a step current (times in ms): tau = 10, r = 2, threshold 15, reset 0.
write("lif_step.nir", {"input": io(1, "Input"), "lif": lif(10.0, 2.0, 0.0, 15.0, 0.0), "output": io(1, "Output")},
      [("input", "lif"), ("lif", "output")])

# A CubaLIF chain driven by input spikes: input -> Linear -> a -> Linear -> Delay 1 ms -> b.
write("cuba_chain.nir",
      {"input": io(1, "Input"), "w_in": {"type": "Linear", "weight": arr([[30.0]])},
       "a": cubalif(2.0, 10.0, 0.5, 0.0, 1.0), "w_ab": {"type": "Linear", "weight": arr([[40.0]])},
       "d_ab": {"type": "Delay", "delay": arr([1.0])}, "b": cubalif(5.0, 20.0, 0.25, 0.0, 1.0, w_in=2.0), "output": io(1, "Output")},
      [("input", "w_in"), ("w_in", "a"), ("a", "w_ab"), ("w_ab", "d_ab"), ("d_ab", "b"), ("b", "output")])

# As Norse writes: seconds, float32, an Affine with a zero bias (nir 0.1 layout of paper/01_lif/lif_norse.nir).
write("norse_like_s.nir",
      {"input": io(1, "Input"), "0": {"type": "Affine", "weight": arr([[1.0]], np.float32), "bias": arr([0.0], np.float32)},
       "1": lif(0.0025, 1.0, 0.0, 0.1, dtype=np.float32), "output": io(1, "Output")},
      [("input", "0"), ("0", "1"), ("1", "output")], version="0.1.1")

# A nested graph: input -> sub(input -> Scale -> lif -> output) -> output; and an Affine bias as a constant current.
sub = {"type": "NIRGraph", "nodes": {"in": io(2, "Input"), "scale": {"type": "Scale", "scale": arr([2.0, 3.0])},
                                     "lif": {"type": "LIF", "tau": arr([5.0, 5.0]), "r": arr([1.0, 1.0]), "v_leak": arr([0.0, 0.0]),
                                             "v_threshold": arr([1.0, 1.0]), "v_reset": arr([0.0, 0.0])},
                                     "out": io(2, "Output")},
       "edges": [("in", "scale"), ("scale", "lif"), ("lif", "out")]}
write("nested.nir", {"input": io(2, "Input"), "sub": sub, "output": io(2, "Output")}, [("input", "sub"), ("sub", "output")])
write("affine_bias.nir",
      {"input": io(1, "Input"), "aff": {"type": "Affine", "weight": arr([[0.0], [0.0]]), "bias": arr([10.0, 5.0])},
       "lif": {"type": "LIF", "tau": arr([10.0, 10.0]), "r": arr([2.0, 2.0]), "v_leak": arr([0.0, 0.0]),
               "v_threshold": arr([15.0, 15.0]), "v_reset": arr([0.0, 0.0])}, "output": io(2, "Output")},
      [("input", "aff"), ("aff", "lif"), ("lif", "output")])

# Bad graphs: each must be refused naming the node.
with open("not_hdf5.nir", "w") as f:
    f.write("this is not an HDF5 file\n")
write("unknown_primitive.nir", {"input": io(1, "Input"), "mystery": {"type": "Spiky", "k": arr([1.0])}, "output": io(1, "Output")},
      [("input", "mystery"), ("mystery", "output")])
write("cycle.nir", {"input": io(1, "Input"), "loop_lif": lif(10.0, 1.0, 0.0, 1.0), "w_rec": {"type": "Linear", "weight": arr([[0.5]])},
                    "output": io(1, "Output")},
      [("input", "loop_lif"), ("loop_lif", "w_rec"), ("w_rec", "loop_lif"), ("loop_lif", "output")])
write("mismatch.nir", {"input": io(1, "Input"), "w_bad": {"type": "Linear", "weight": arr([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])},
                       "lif": {"type": "LIF", "tau": arr([10.0, 10.0]), "r": arr([1.0, 1.0]), "v_leak": arr([0.0, 0.0]),
                               "v_threshold": arr([1.0, 1.0])}, "output": io(2, "Output")},
      [("input", "w_bad"), ("w_bad", "lif"), ("lif", "output")])
write("missing_param.nir", {"input": io(1, "Input"),
                            "lif_no_th": {"type": "LIF", "tau": arr([10.0]), "r": arr([1.0]), "v_leak": arr([0.0])},
                            "output": io(1, "Output")},
      [("input", "lif_no_th"), ("lif_no_th", "output")])
