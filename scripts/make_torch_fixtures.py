#!/usr/bin/python3
"""Writes the PyTorch-semantics fixtures under src/test/resources/fixtures/ (see docs/FIXTURES.md).

Each case is one small safetensors file: the inputs, the upstream gradient `dy` where a backward pass is pinned,
and PyTorch's outputs and gradients. The op's parameters are in `__metadata__` (strings), so the Java test
(TorchFixtureTest) reads everything it needs from the file. Inputs are random float32 values (seeded); PyTorch
computes in float64 on those exact values and the results are rounded once to float32, so a fixture holds the
correctly rounded answer for its float32 inputs.

Run with Debian's interpreter, where python3-torch is importable:  /usr/bin/python3 scripts/make_torch_fixtures.py
There is no Python safetensors package on Debian, so the format is written by hand below.
"""
import json
import os
import struct
import sys

import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "fixtures")
TORCH_DIR = os.path.join(ROOT, "torch")
SAFETENSORS_DIR = os.path.join(ROOT, "safetensors")

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
          torch.int64: "I64"}


def raw_bytes(t):
    """Little-endian bytes of a tensor (bfloat16 through an int16 view: numpy has no bfloat16)."""
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    a = t.numpy()
    return a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()


def write_safetensors(path, tensors, metadata):
    """Header: 8-byte LE length, JSON padded with spaces to a multiple of 8; data in insertion order."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        data = raw_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def rand(*shape, scale=1.0):
    """float32 normal values (times a scale, in float32), returned as float64 leaves so PyTorch computes on exactly
    the numbers the file stores."""
    return (torch.randn(*shape, dtype=torch.float32) * scale).double().requires_grad_(True)


def f32(d):
    return {k: (v.detach().float() if v.dtype == torch.float64 else v) for k, v in d.items()}


def ints(xs):
    return ",".join(str(int(x)) for x in xs)


CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def grads(out, dy, *inputs):
    return torch.autograd.grad(out, inputs, dy)


# ---- convolution ---------------------------------------------------------------------------------------------

def conv_case(dims, x_shape, w_shape, stride, padding, dilation, groups, backward=True):
    x, w, b = rand(*x_shape), rand(*w_shape), rand(w_shape[0])
    conv = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[dims]
    y = conv(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)
    t = {"x": x, "w": w, "b": b, "y": y}
    if backward:
        dy = rand(*y.shape)
        dx, dw, db = grads(y, dy, x, w, b)
        t.update(dy=dy, dx=dx, dw=dw, db=db)
    meta = {"op": "conv", "dims": dims, "stride": ints(stride), "padding": ints(padding),
            "dilation": ints(dilation), "groups": groups}
    return f32(t), meta


@case
def conv2d_s2_p1():
    return conv_case(2, (2, 3, 7, 7), (4, 3, 3, 3), (2, 2), (1, 1), (1, 1), 1)


@case
def conv2d_s2_p1_groups2():
    return conv_case(2, (2, 4, 7, 6), (6, 2, 3, 3), (2, 2), (1, 1), (1, 1), 2)


@case
def conv2d_dilation2():
    return conv_case(2, (2, 3, 8, 9), (4, 3, 3, 3), (1, 1), (2, 2), (2, 2), 1)


@case
def conv1d_s2_p2():
    return conv_case(1, (2, 3, 11), (4, 3, 5), (2,), (2,), (1,), 1)


@case
def conv3d_s122_p1():
    return conv_case(3, (1, 2, 5, 6, 6), (3, 2, 3, 3, 3), (1, 2, 2), (1, 1, 1), (1, 1, 1), 1)


def conv_transpose_case(dims, x_shape, w_shape, stride, padding, output_padding, backward=True):
    x, w, b = rand(*x_shape), rand(*w_shape), rand(w_shape[1])
    convt = {2: F.conv_transpose2d, 3: F.conv_transpose3d}[dims]
    y = convt(x, w, b, stride=stride, padding=padding, output_padding=output_padding)
    t = {"x": x, "w": w, "b": b, "y": y}
    if backward:
        dy = rand(*y.shape)
        dx, dw, db = grads(y, dy, x, w, b)
        t.update(dy=dy, dx=dx, dw=dw, db=db)
    meta = {"op": "conv_transpose", "dims": dims, "stride": ints(stride), "padding": ints(padding),
            "output_padding": ints(output_padding), "dilation": ints([1] * dims), "groups": 1}
    return f32(t), meta


@case
def conv_transpose2d_s2_p1_op1():
    # weight layout (in, out, kH, kW), PyTorch's ConvTranspose2d
    return conv_transpose_case(2, (2, 4, 4, 5), (4, 3, 3, 3), (2, 2), (1, 1), (1, 1))


@case
def conv_transpose3d_s2_p1_op1():
    return conv_transpose_case(3, (1, 3, 3, 3, 4), (3, 2, 3, 3, 3), (2, 2, 2), (1, 1, 1), (1, 1, 1))


# ---- batch norm ----------------------------------------------------------------------------------------------

def batch_norm_case(training):
    x = rand(4, 3, 5, 5)
    gamma, beta = rand(3), rand(3)
    running_mean = torch.randn(3).double()
    running_var = (torch.rand(3) + 0.5).double()
    rm, rv = running_mean.clone(), running_var.clone()
    y = F.batch_norm(x, rm, rv, gamma, beta, training=training, momentum=0.1, eps=1e-5)
    dy = rand(*y.shape)
    dx, dgamma, dbeta = grads(y, dy, x, gamma, beta)
    t = {"x": x, "gamma": gamma, "beta": beta, "running_mean": running_mean.float(),
         "running_var": running_var.float(), "y": y, "running_mean_out": rm, "running_var_out": rv,
         "dy": dy, "dx": dx, "dgamma": dgamma, "dbeta": dbeta}
    return f32(t), {"op": "batch_norm", "training": str(training).lower(), "momentum": "0.1", "eps": "1e-05"}


@case
def batch_norm2d_train():
    return batch_norm_case(True)


@case
def batch_norm2d_eval():
    return batch_norm_case(False)


# ---- LSTM cell -----------------------------------------------------------------------------------------------

@case
def lstm_cell():
    batch, inp, hidden = 3, 5, 4
    cell = torch.nn.LSTMCell(inp, hidden).double()
    with torch.no_grad():
        for p in cell.parameters():
            p.copy_(torch.randn(p.shape, dtype=torch.float32).double() * 0.5)
    x, h0, c0 = rand(batch, inp), rand(batch, hidden), rand(batch, hidden)
    h1, c1 = cell(x, (h0, c0))
    dh, dc = rand(batch, hidden), rand(batch, hidden)
    loss = (h1 * dh).sum() + (c1 * dc).sum()
    params = [cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh]
    g = torch.autograd.grad(loss, [x, h0, c0] + params)
    t = {"x": x, "h0": h0, "c0": c0, "weight_ih": cell.weight_ih, "weight_hh": cell.weight_hh,
         "bias_ih": cell.bias_ih, "bias_hh": cell.bias_hh, "h1": h1, "c1": c1, "dh": dh, "dc": dc,
         "dx": g[0], "dh0": g[1], "dc0": g[2], "dweight_ih": g[3], "dweight_hh": g[4], "dbias_ih": g[5],
         "dbias_hh": g[6]}
    return f32(t), {"op": "lstm_cell", "gate_order": "i,f,g,o"}


# ---- pooling -------------------------------------------------------------------------------------------------

def pool_case(kind, x_shape, k, s, p):
    x = rand(*x_shape)
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    y = pool(x, k, s, p)
    dy = rand(*y.shape)
    (dx,) = grads(y, dy, x)
    return f32({"x": x, "y": y, "dy": dy, "dx": dx}), {"op": "pool", "kind": kind, "kernel": ints([k, k]),
                                                       "stride": ints([s, s]), "padding": ints([p, p])}


@case
def max_pool2d_k2_s2():
    return pool_case("max", (2, 3, 8, 7), 2, 2, 0)


@case
def max_pool2d_k3_s2_p1():
    return pool_case("max", (2, 3, 9, 8), 3, 2, 1)


@case
def avg_pool2d_k2_s2():
    return pool_case("avg", (2, 3, 8, 7), 2, 2, 0)


@case
def avg_pool2d_k3_s2_p1():
    return pool_case("avg", (2, 3, 9, 8), 3, 2, 1)


# ---- resampling ----------------------------------------------------------------------------------------------

def resize_case(mode, x_shape, size, align_corners, backward=True):
    x = rand(*x_shape)
    kw = {} if mode == "nearest" else {"align_corners": align_corners}
    y = F.interpolate(x, size=size, mode=mode, **kw)
    t = {"x": x, "y": y}
    if backward:
        dy = rand(*y.shape)
        (dx,) = grads(y, dy, x)
        t.update(dy=dy, dx=dx)
    return f32(t), {"op": "resize", "mode": "nearest" if mode == "nearest" else "linear",
                    "align_corners": str(bool(align_corners)).lower()}


@case
def upsample_nearest_x2():
    return resize_case("nearest", (2, 3, 4, 5), (8, 10), False)


@case
def upsample_nearest_odd():
    return resize_case("nearest", (2, 3, 4, 5), (7, 9), False)


@case
def bilinear_up_align_true():
    return resize_case("bilinear", (2, 3, 4, 5), (7, 9), True)


@case
def bilinear_up_align_false():
    return resize_case("bilinear", (2, 3, 4, 5), (7, 9), False)


@case
def bilinear_down_align_true():
    return resize_case("bilinear", (2, 3, 9, 7), (4, 5), True)


@case
def bilinear_down_align_false():
    return resize_case("bilinear", (2, 3, 9, 7), (4, 5), False)


@case
def trilinear_up_align_false():
    return resize_case("trilinear", (1, 2, 3, 4, 5), (5, 6, 7), False)


@case
def trilinear_up_align_true():
    return resize_case("trilinear", (1, 2, 3, 4, 5), (5, 6, 7), True)


# ---- softmax and pointwise -----------------------------------------------------------------------------------

def softmax_case(log, axis):
    x = rand(3, 5, 4, scale=3.0)
    y = (F.log_softmax if log else F.softmax)(x, dim=axis)
    dy = rand(*y.shape)
    (dx,) = grads(y, dy, x)
    return f32({"x": x, "y": y, "dy": dy, "dx": dx}), {"op": "softmax", "log": str(log).lower(), "axis": axis}


@case
def softmax_axis1():
    return softmax_case(False, 1)


@case
def softmax_last():
    return softmax_case(False, -1)


@case
def log_softmax_axis1():
    return softmax_case(True, 1)


@case
def log_softmax_last():
    return softmax_case(True, -1)


def unary_case(name, fn, a=0.0):
    x = rand(4, 33, scale=3.0)
    y = fn(x)
    dy = rand(*y.shape)
    (dx,) = grads(y, dy, x)
    return f32({"x": x, "y": y, "dy": dy, "dx": dx}), {"op": "unary", "fn": name, "a": repr(a)}


@case
def leaky_relu_0_2():
    return unary_case("leaky_relu", lambda x: F.leaky_relu(x, 0.2), 0.2)


@case
def sigmoid():
    return unary_case("sigmoid", torch.sigmoid)


@case
def tanh():
    return unary_case("tanh", torch.tanh)


# ---- the dtype file for the safetensors reader -----------------------------------------------------------------

def dtype_fixture():
    base = torch.tensor([[0.0, 1.0 / 3.0, -2.5], [65504.0, 1e-3, -7.0]], dtype=torch.float64)
    big = torch.tensor([0, -1, 123456789, 2 ** 40, -(2 ** 53) - 2], dtype=torch.int64)
    t = {}
    for name, dt in (("f32", torch.float32), ("f16", torch.float16), ("bf16", torch.bfloat16),
                     ("f64", torch.float64)):
        stored = base.to(dt)
        t[name] = stored
        t[name + "_expected"] = stored.float()  # what a float32 reader must see (exact widening, or f64 → f32)
    t["i64"] = big
    t["i64_expected"] = big.float()
    meta = {"source": "nextframe-fixtures", "note \"quoted\" é": "1.5"}
    write_safetensors(os.path.join(SAFETENSORS_DIR, "python_dtypes.safetensors"), t, meta)


def main():
    os.makedirs(TORCH_DIR, exist_ok=True)
    os.makedirs(SAFETENSORS_DIR, exist_ok=True)
    torch.manual_seed(20261123)
    for name, fn in CASES.items():
        tensors, meta = fn()
        meta = dict(meta, case=name, torch=torch.__version__)
        write_safetensors(os.path.join(TORCH_DIR, name + ".safetensors"), tensors, meta)
    dtype_fixture()
    total = sum(os.path.getsize(os.path.join(d, f)) for d in (TORCH_DIR, SAFETENSORS_DIR) for f in os.listdir(d))
    print("wrote %d torch fixtures + 1 dtype fixture, %d bytes in all" % (len(CASES), total), file=sys.stderr)


if __name__ == "__main__":
    main()
