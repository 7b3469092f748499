#!/usr/bin/env python3
"""Writes the seed corpora of the libFuzzer harnesses (fuzz/corpus/<harness>/), byte by byte after
shared/spec/weight-formats.md (no torch or mxnet needed). Run from the repository root:
    python3 fuzz/make_seed_corpus.py
"""
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


class P:
    """Pickle bytes, the opcodes torch.save uses (protocol 2) plus the protocol-4 and Python-2 ones."""

    def __init__(self):
        self.b = bytearray()

    def op(self, c):
        self.b += bytes([c]) if isinstance(c, int) else c.encode("latin1")
        return self

    def raw(self, data):
        self.b += data if isinstance(data, (bytes, bytearray)) else data.encode()
        return self

    def proto(self, p=2):
        return self.op(0x80).raw(bytes([p]))

    def uni(self, s):
        d = s.encode()
        return self.op("X").raw(struct.pack("<I", len(d))).raw(d)

    def glob(self, m, n):
        return self.op("c").raw(m + "\n" + n + "\n")

    def int1(self, v):
        return self.op("K").raw(bytes([v]))

    def int2(self, v):
        return self.op("M").raw(struct.pack("<H", v))

    def binput(self, i):
        return self.op("q").raw(bytes([i]))

    def binget(self, i):
        return self.op("h").raw(bytes([i]))

    def tensor(self, rebuild_memo, storage, key, numel, size, stride, legacy=False):
        self.op("j").raw(struct.pack("<I", rebuild_memo)).op("(")
        self.op("(").uni("storage").glob("torch", storage).uni(key).uni("cpu").int2(numel)
        if legacy:
            self.op("N")
        self.op("t").op("Q").int1(0).op("(")
        for s in size:
            self.int1(s)
        self.op("t").op("(")
        for s in stride:
            self.int1(s)
        self.op("t").op(0x89).binget(0).op(")").op("R").op("t").op("R")
        return self


def state_dict_pickle():
    p = P().proto().glob("collections", "OrderedDict").binput(0).op(")").op("R").binput(1).op("(")
    p.uni("conv.weight").glob("torch._utils", "_rebuild_tensor_v2").op("r").raw(struct.pack("<I", 300)).op("0")
    p.tensor(300, "FloatStorage", "0", 108, [4, 3, 3, 3], [27, 9, 3, 1])
    p.uni("bn.num_batches_tracked").tensor(300, "LongStorage", "1", 1, [], [])
    p.uni("big").op(0x8A).raw(bytes([6])).raw((1 << 40).to_bytes(6, "little"))
    p.op("u").uni("lr").op("G").raw(struct.pack(">d", 0.5)).op("s")
    p.op("}").uni("_metadata").binget(0).op(")").op("R")
    p.op("(").uni("").op("}").uni("version").int1(1).op("s").op("u").op("s").op("b").op(".")
    return bytes(p.b)


def nested_checkpoint_pickle():
    p = P().proto().op("}").binput(0).op("(").uni("state_dict")
    p.glob("collections", "OrderedDict").binput(1).op(")").op("R").binput(2)
    p.glob("torch._utils", "_rebuild_tensor_v2").op("r").raw(struct.pack("<I", 3)).op("0")
    p.uni("module.w").op("j").raw(struct.pack("<I", 3)).op("(")
    p.op("(").uni("storage").glob("torch", "HalfStorage").uni("0").uni("cuda:0").int1(6).op("t").op("Q")
    p.int1(0).int1(2).int1(3).op(0x86).int1(3).int1(1).op(0x86).op(0x88).binget(1).op(")").op("R").op("t").op("R")
    p.op("s")
    p.uni("optimizer").op("}").op("(").uni("state").op("}").uni("param_groups").op("]").op("}").op("(")
    p.uni("lr").op("G").raw(struct.pack(">d", 0.01)).uni("nesterov").op(0x89).uni("foreach").op("N")
    p.uni("params").op("]").op("(").int1(0).int1(1).op("e").op("u").op("a").op("u")
    p.uni("epoch").int1(3).uni("best").op("J").raw(struct.pack("<i", -7)).op("u").op(".")
    return bytes(p.b)


def protocol4_pickle():
    p = P().proto(4).op(0x95).raw(struct.pack("<Q", 0))
    p.op(0x8C).raw(bytes([11])).raw("collections").op(0x94).op(0x8C).raw(bytes([11])).raw("OrderedDict").op(0x94)
    p.op(0x93).op(0x94).op(")").op("R").op(0x94)
    p.op(0x8C).raw(bytes([1])).raw("k").op("C").raw(bytes([3])).raw("xyz").op("s")
    p.op(0x8C).raw(bytes([1])).raw("s").op(0x8F).op("(").int1(1).int1(2).op(0x90).op("s").op(".")
    return bytes(p.b)


def numpy_scalar_pickle():
    raw = struct.pack("<d", 0.25)
    p = P().proto().op("}").uni("best_pred").glob("numpy.core.multiarray", "scalar")
    p.glob("numpy", "dtype").uni("f8").op(0x89).op(0x88).op(0x87).op("R")
    p.op("(").int1(3).uni("<").op("N").op("N").op("N").op("J").raw(b"\xff" * 4).op("J").raw(b"\xff" * 4).int1(0)
    p.op("t").op("b")
    p.glob("_codecs", "encode").uni(raw.decode("latin1")).uni("latin1").op(0x86).op("R").op(0x86).op("R")
    p.op("s").op(".")
    return bytes(p.b)


def python2_pickle():
    p = P().proto().glob("collections", "OrderedDict").binput(0).op("]").op("(")
    p.op("]").op("(").op("U").raw(bytes([1])).raw("a").int1(1).op("e")
    p.op("]").op("(").op("T").raw(struct.pack("<i", 1)).raw("b").int1(2).op("e")
    p.op("e").op(0x85).op("R").op("}").uni("_metadata").op("N").op("s").op("b").op(".")
    return bytes(p.b)


def legacy_file():
    p = P().proto().op(0x8A).raw(bytes([10])).raw(bytes.fromhex("6CFC9C46F9206AA85019")).op(".")
    p.proto().int2(1001).op(".")
    p.proto().op("}").op("(").uni("protocol_version").int2(1001).uni("little_endian").op(0x88)
    p.uni("type_sizes").op("}").op("(").uni("short").int1(2).uni("int").int1(4).uni("long").int1(4)
    p.op("u").op("u").op(".")
    p.proto().glob("collections", "OrderedDict").binput(0).op(")").op("R").op("(")
    p.glob("torch._utils", "_rebuild_tensor_v2").op("r").raw(struct.pack("<I", 2)).op("0")
    p.uni("w").tensor(2, "FloatStorage", "4242", 6, [2, 3], [3, 1], legacy=True)
    p.uni("wt").tensor(2, "FloatStorage", "4242", 6, [3, 2], [1, 3], legacy=True)
    p.uni("tail").op("j").raw(struct.pack("<I", 2)).op("(")
    p.op("(").uni("storage").glob("torch", "FloatStorage").uni("4242").uni("cpu").int1(6)
    p.uni("77").int1(2).int1(4).op(0x87).op("t").op("Q")
    p.int1(0).int1(4).op(0x85).int1(1).op(0x85).op(0x89).binget(0).op(")").op("R").op("t").op("R")
    p.op("u").op(".")
    p.proto().op("]").op("(").uni("4242").op("e").op(".")
    p.raw(struct.pack("<q", 6)).raw(struct.pack("<6f", *range(10, 16)))
    return bytes(p.b)


def params_file(layout, with_names=True):
    """An MXNet NDArray list (weight-formats.md §2) with three float32 arrays and one empty one."""
    arrays = [("arg:conv1a_weight", (2, 3, 1, 1)), ("aux:bn7_moving_var", (4,)), ("arg:res2a_branch1_weight", (1, 2, 1, 1)),
              ("arg:linear1000_bias", ())]
    out = bytearray(struct.pack("<QQQ", 0x112, 0, len(arrays)))
    for _, shape in arrays:
        if layout == "legacy":
            out += struct.pack("<I", len(shape)) + b"".join(struct.pack("<I", d) for d in shape)
        elif layout == "v1":
            out += struct.pack("<Ii", 0xF993FAC8, len(shape)) + b"".join(struct.pack("<q", d) for d in shape)
        else:
            magic = 0xF993FAC9 if layout == "v2" else 0xF993FACA
            ndim = len(shape) if (shape or layout == "v2") else -1
            out += struct.pack("<Iii", magic, 0, ndim) + b"".join(struct.pack("<q", d) for d in shape)
        if not shape:
            continue
        n = 1
        for d in shape:
            n *= d
        out += struct.pack("<iii", 1, 0, 0) + struct.pack("<%df" % n, *[0.5 * i for i in range(n)])
    out += struct.pack("<Q", len(arrays) if with_names else 0)
    if with_names:
        for name, _ in arrays:
            out += struct.pack("<Q", len(name)) + name.encode()
    return bytes(out)


def write(harness, name, data):
    folder = os.path.join(ROOT, harness)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def main():
    write("pickle_reader_fuzzer", "state_dict.pkl", state_dict_pickle())
    write("pickle_reader_fuzzer", "nested_checkpoint.pkl", nested_checkpoint_pickle())
    write("pickle_reader_fuzzer", "protocol4.pkl", protocol4_pickle())
    write("pickle_reader_fuzzer", "numpy_scalar.pkl", numpy_scalar_pickle())
    write("pickle_reader_fuzzer", "python2.pkl", python2_pickle())
    write("pickle_reader_fuzzer", "legacy.pth", legacy_file())
    for layout in ("legacy", "v1", "v2", "v3"):
        write("params_reader_fuzzer", layout + ".params", params_file(layout))
    write("params_reader_fuzzer", "unnamed.params", params_file("legacy", with_names=False))


if __name__ == "__main__":
    main()
