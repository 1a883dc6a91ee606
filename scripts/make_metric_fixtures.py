#!/usr/bin/python3
"""Writes src/test/resources/fixtures/metrics/ssim_psnr.json, the scikit-image reference for MetricFixtureTest.

Each case is a pair of frames (C, H, W) of float32 values in [0, 1] (seeded random, structured, sparse, constant,
quantised), stored as base64 little-endian float32, with:
  ssim_r2   skimage.metrics.structural_similarity with its defaults on float64 copies of each channel (data range
            taken from the float dtype: 2.0, what the SVG authors' call does), averaged over channels
  ssim_r1   the same with data_range=1.0
  psnr      skimage.metrics.peak_signal_noise_ratio with its defaults (float in [0, 1] -> data range 1) per channel,
            averaged over channels: the SVG authors' utils.eval_seq ("inf" when a channel is identical)
  psnr_frame  the same on the whole frame, channels together (10*log10(1/MSE))
  mse       mean squared error in float64
  bce       mean per-value BCE, prediction (second frame) clipped to [eps, 1-eps], eps = float32 machine epsilon
The old scikit-image the authors used (compare_ssim) converted to float64 too, so float64 is their arithmetic.

Run with Debian's interpreter (python3-skimage 0.19):  /usr/bin/python3 scripts/make_metric_fixtures.py
"""
import base64
import json
import math
import os

import numpy as np
import skimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "fixtures",
                   "metrics", "ssim_psnr.json")
EPS = float(np.finfo(np.float32).eps)


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode("ascii")


def clip01(a):
    return np.clip(a, 0.0, 1.0).astype(np.float32)


def case(name, x, y):
    x = clip01(x)
    y = clip01(y)
    assert x.shape == y.shape and x.ndim == 3
    x64 = x.astype(np.float64)
    y64 = y.astype(np.float64)
    ssim_r2 = np.mean([structural_similarity(x64[c], y64[c]) for c in range(x.shape[0])])
    ssim_r1 = np.mean([structural_similarity(x64[c], y64[c], data_range=1.0) for c in range(x.shape[0])])
    mse = float(np.mean((x64 - y64) ** 2))
    with np.errstate(divide="ignore"):
        psnr = float(np.mean([peak_signal_noise_ratio(x64[c], y64[c]) for c in range(x.shape[0])]))
        psnr_frame = float(peak_signal_noise_ratio(x64, y64, data_range=1.0))
    p = np.clip(y64, EPS, 1 - EPS)
    bce = float(np.mean(-(x64 * np.log(p) + (1 - x64) * np.log(1 - p))))
    return {"name": name, "shape": list(x.shape), "x": b64(x), "y": b64(y), "ssim_r2": float(ssim_r2),
            "ssim_r1": float(ssim_r1), "psnr": psnr if math.isfinite(psnr) else "inf",
            "psnr_frame": psnr_frame if math.isfinite(psnr_frame) else "inf", "mse": mse, "bce": bce}


def blobs(rng, h, w, n):
    """Sparse frames like Moving MNIST: a few bright soft squares on black."""
    f = np.zeros((h, w))
    for _ in range(n):
        s = rng.integers(3, 8)
        r, c = rng.integers(0, h - s), rng.integers(0, w - s)
        f[r:r + s, c:c + s] += rng.uniform(0.5, 1.0)
    return f


def main():
    rng = np.random.default_rng(20261123)
    cases = []
    cases.append(case("uniform_random_16x16", rng.random((1, 16, 16)), rng.random((1, 16, 16))))
    yy, xx = np.mgrid[0:32, 0:32] / 31.0
    smooth = 0.5 + 0.4 * np.sin(3 * xx + 2 * yy)
    cases.append(case("gradient_plus_noise_32x32", smooth[None], (smooth + rng.normal(0, 0.05, smooth.shape))[None]))
    base = rng.random((1, 24, 24))
    cases.append(case("near_identical_24x24", base, base + rng.normal(0, 1e-3, base.shape)))
    cases.append(case("rgb_3x12x10", rng.random((3, 12, 10)), rng.random((3, 12, 10))))
    cases.append(case("minimal_7x7", rng.random((1, 7, 7)), rng.random((1, 7, 7))))
    cases.append(case("odd_9x13", rng.random((1, 9, 13)), rng.random((1, 9, 13))))
    a = blobs(rng, 32, 32, 3)
    cases.append(case("sparse_blobs_shifted_32x32", a[None], np.roll(a, (1, 2), axis=(0, 1))[None]))
    cases.append(case("sparse_vs_blurry_32x32", a[None], (0.6 * a + 0.4 * np.roll(a, 1, axis=1) + 0.02)[None]))
    cases.append(case("constant_zero_vs_zero_8x8", np.zeros((1, 8, 8)), np.zeros((1, 8, 8))))
    cases.append(case("constant_zero_vs_half_8x8", np.zeros((1, 8, 8)), np.full((1, 8, 8), 0.5)))
    q = np.round(rng.random((1, 40, 40)) * 255) / 255
    cases.append(case("quantised_8bit_40x40", q, np.round(clip01(q + rng.normal(0, 0.1, q.shape)) * 255) / 255))
    same = rng.random((2, 10, 10))
    cases.append(case("identical_random_2x10x10", same, same))
    half = rng.random((3, 9, 9))
    other = half.copy()
    other[1] = clip01(other[1] + rng.normal(0, 0.02, other[1].shape))
    other[2] = rng.random((9, 9))
    cases.append(case("rgb_one_channel_exact_3x9x9", half, other))
    doc = {"generator": "scripts/make_metric_fixtures.py", "skimage": skimage.__version__, "numpy": np.__version__,
           "seed": 20261123, "bce_eps": EPS, "cases": cases}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(OUT, os.path.getsize(OUT), "bytes,", len(cases), "cases")


if __name__ == "__main__":
    main()
