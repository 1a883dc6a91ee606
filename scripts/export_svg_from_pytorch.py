#!/usr/bin/python3
"""Exports an SVG checkpoint of the authors' code (edenton/svg, train_svg_lp.py / train_svg_fp.py / the deterministic
baseline) to the safetensors file that nextframe loads with nothing else.

The authors pickle whole modules, so unpickling needs their code importable: run this script with the repository
of the authors on PYTHONPATH (it holds models/dcgan_64.py, models/vgg_64.py, models/lstm.py):

    PYTHONPATH=/path/to/svg /usr/bin/python3 scripts/export_svg_from_pytorch.py model.pth svg-lp.safetensors

The file holds every module's state_dict under the prefixes encoder., decoder., frame_predictor., posterior.
(svg-lp, svg-fp) and prior. (svg-lp), float32, and __metadata__ with the model kind and the checkpoint's options
(keys as the reference script names them; `model` is renamed `backbone`, see CONTRACTS.md §4).
"""
import argparse
import json
import struct
import sys

import torch

ARCH_KEYS = ("g_dim", "z_dim", "rnn_size", "predictor_rnn_layers", "posterior_rnn_layers", "prior_rnn_layers",
             "channels", "image_width")
TRAIN_KEYS = ("beta", "n_past", "n_future", "lr")


def write_safetensors(path, tensors, metadata):
    """Header: 8-byte little-endian length, JSON (padded with spaces to a multiple of 8), then raw data."""
    header, blobs, offset = {"__metadata__": {str(k): str(v) for k, v in metadata.items()}}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        if t.is_floating_point():
            t, dtype = t.float(), "F32"
        else:
            t, dtype = t.long(), "I64"
        data = t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def svg_metadata(kind, opt):
    """The __metadata__ map from the reference script's options (an argparse Namespace or a dict)."""
    o = opt if isinstance(opt, dict) else vars(opt)
    meta = {"model": kind, "backbone": o.get("model", "dcgan"),
            "last_frame_skip": "true" if o.get("last_frame_skip", False) else "false"}
    for k in ARCH_KEYS + TRAIN_KEYS:
        if k in o:
            meta[k] = o[k]
    if kind == "svg-fp":
        meta.setdefault("prior_rnn_layers", 0)
    return meta


def export(modules, kind, opt, path):
    """modules: {"encoder": m, "decoder": m, "frame_predictor": m, "posterior": m?, "prior": m?}."""
    tensors = {}
    for prefix in ("encoder", "decoder", "frame_predictor", "posterior", "prior"):
        m = modules.get(prefix)
        if m is None:
            continue
        for k, v in m.state_dict().items():
            tensors[prefix + "." + k] = v
    write_safetensors(path, tensors, svg_metadata(kind, opt))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint", help="the .pth the authors' training script saved")
    ap.add_argument("out", help="the .safetensors file to write")
    ap.add_argument("--kind", choices=("svg-lp", "svg-fp", "svg-det"),
                    help="model kind (default: svg-lp if the checkpoint has a prior, else svg-fp if it has a "
                         "posterior, else svg-det)")
    a = ap.parse_args()
    ckpt = torch.load(a.checkpoint, map_location="cpu", weights_only=False)
    kind = a.kind or ("svg-lp" if "prior" in ckpt else "svg-fp" if "posterior" in ckpt else "svg-det")
    export(ckpt, kind, ckpt["opt"], a.out)
    print("wrote %s (%s)" % (a.out, kind), file=sys.stderr)


if __name__ == "__main__":
    main()
