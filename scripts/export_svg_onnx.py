#!/usr/bin/python3
"""The SVG-LP frame encoder and decoder for the ONNX Runtime peer of scripts/compare-pytorch.sh (--onnx).

Builds the SM-MNIST SVG-LP in PyTorch (DCGAN-64, nf 64, g 128, z 10, rnn 256, 2/1/1 LSTM layers) with the authors'
seeded initialisation exactly as scripts/make_svg_fixture.py's build() draws it (including its wider N(0, 1) last
decoder layer, so the output frame is not a flat 0.5), BatchNorm running statistics made non-trivial by a few
training-mode passes (settle_running_stats), float32, and writes into the output directory:
    svg-lp.safetensors   the whole model as nextframe loads it (scripts/export_svg_from_pytorch.py's export());
    encoder.onnx         frame (N, 1, 64, 64) -> h (N, g), skip1 (N, nf, 32, 32) … skip4 (N, 8nf, 4, 4);
    decoder.onnx         g (N, g), skip1 … skip4 -> frame (N, 1, 64, 64);
both ONNX graphs in inference mode (BatchNorm with running statistics) with a dynamic batch axis. So the same
weights run in nextframe (io.nextframe.bench.OnnxPeer, engine nextframe), ONNX Runtime (OnnxPeer, engine
onnxruntime) and PyTorch (scripts/side_by_side.py, rows svg-encoder / svg-decoder, which calls build() below).
The files are large (≈ 60 MB in all): they live under target/, never in git.

    /usr/bin/python3 scripts/export_svg_onnx.py [--out target/onnx] [--nf 64 --g 128 --z 10 --rnn 256]

Smaller widths are for the correctness test (OnnxPeerTest), which exports a tiny model in seconds.
"""
import argparse
import os
import sys

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from export_svg_from_pytorch import export, svg_metadata, write_safetensors  # noqa: E402
from make_svg_fixture import build as build_modules, settle_running_stats  # noqa: E402

SEED = 20261123
ENC_OUT = ["h", "skip1", "skip2", "skip3", "skip4"]
DEC_IN = ["g", "skip1", "skip2", "skip3", "skip4"]


def build(nf=64, g=128, z=10, rnn=256):
    """The SVG-LP modules (dict by state-dict prefix), float32, eval(); the same weights for the same arguments."""
    torch.manual_seed(SEED)
    mods = build_modules("svg-lp", "dcgan", nf, g, z, rnn, (2, 1, 1), 1)
    settle_running_stats(mods, 1)
    for m in mods.values():
        m.float()
        m.eval()
    return mods


class EncoderGraph(nn.Module):
    """The encoder with its skips as separate outputs (ONNX outputs are flat)."""

    def __init__(self, enc):
        super().__init__()
        self.enc = enc

    def forward(self, x):
        h, skips = self.enc(x)
        return (h, *skips)


class DecoderGraph(nn.Module):
    """The decoder taking the vector and the four skips as separate inputs."""

    def __init__(self, dec):
        super().__init__()
        self.dec = dec

    def forward(self, g, s1, s2, s3, s4):
        return self.dec([g, [s1, s2, s3, s4]])


def write(out, nf=64, g=128, z=10, rnn=256):
    os.makedirs(out, exist_ok=True)
    mods = build(nf, g, z, rnn)
    opt = {"model": "dcgan", "g_dim": g, "z_dim": z, "rnn_size": rnn, "predictor_rnn_layers": 2,
           "posterior_rnn_layers": 1, "prior_rnn_layers": 1, "channels": 1, "image_width": 64,
           "last_frame_skip": False, "n_past": 5, "n_future": 10}
    model_path = os.path.join(out, "svg-lp.safetensors")
    export(mods, "svg-lp", opt, model_path)
    if nf != 64:  # a width beyond the authors' script, written as make_svg_fixture.py does
        tensors = {p + "." + k: v for p, m in mods.items() for k, v in m.state_dict().items()}
        write_safetensors(model_path, tensors, dict(svg_metadata("svg-lp", opt), nf=nf))
    enc, dec = EncoderGraph(mods["encoder"]).eval(), DecoderGraph(mods["decoder"]).eval()
    x = torch.rand(2, 1, 64, 64)
    with torch.no_grad():
        h, *skips = enc(x)
    batch = {0: "batch"}
    torch.onnx.export(enc, (x,), os.path.join(out, "encoder.onnx"), input_names=["frame"], output_names=ENC_OUT,
                      dynamic_axes={n: batch for n in ["frame"] + ENC_OUT}, opset_version=13,
                      training=torch.onnx.TrainingMode.EVAL, do_constant_folding=True)
    torch.onnx.export(dec, (h, *skips), os.path.join(out, "decoder.onnx"), input_names=DEC_IN,
                      output_names=["frame"], dynamic_axes={n: batch for n in DEC_IN + ["frame"]},
                      opset_version=13, training=torch.onnx.TrainingMode.EVAL, do_constant_folding=True)
    print(f"wrote {model_path}, encoder.onnx, decoder.onnx to {out} (nf {nf}, g {g}, z {z}, rnn {rnn}, "
          f"torch {torch.__version__})", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.normpath(os.path.join(HERE, "..", "target", "onnx")))
    ap.add_argument("--nf", type=int, default=64)
    ap.add_argument("--g", type=int, default=128)
    ap.add_argument("--z", type=int, default=10)
    ap.add_argument("--rnn", type=int, default=256)
    a = ap.parse_args()
    write(a.out, a.nf, a.g, a.z, a.rnn)


if __name__ == "__main__":
    main()
