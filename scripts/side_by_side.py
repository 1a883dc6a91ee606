#!/usr/bin/python3
"""The PyTorch half of scripts/compare-pytorch.sh: the same rows as io.nextframe.bench.SideBySide, timed the same way.

Each row is one unit of work (an SGEMM, one convolution forward or forward+backward, one step of a 2 × 256 LSTM,
an SVG-LP rollout or training step, a DFN rollout or training step) on the shapes the nextframe side uses; the
row is run `--warmup` times untimed (op rows for at least 2 s), then `--reps` times timed. Output, one line per row:
    row<TAB>median seconds<TAB>min<TAB>max<TAB>peak RSS MiB of this process so far
Models are rebuilt here from the authors' architectures (scripts/make_svg_fixture.py, and the DFN of
specs/reference-implementations.md §3 as models/io/nextframe/models/dfn/DfnNetwork.java describes it).

Run through the driver: scripts/compare-pytorch.sh.  Alone:
    /usr/bin/python3 scripts/side_by_side.py --threads 2 --rows 'sgemm' --reps 5
"""
import argparse
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_svg_fixture import gaussian_lstm, init_weights  # noqa: E402
from make_torch_layer_fixtures import Encoder as DcganEncoder, Decoder as DcganDecoder, lstm  # noqa: E402

# the underlying convolution x (N, cin, in, in) -> y, kernel k, stride, pad; transposed layers run its adjoint
CONVS = {
    "enc1": (1, 64, 64, 4, 2, 1, False), "enc2": (64, 128, 32, 4, 2, 1, False),
    "enc3": (128, 256, 16, 4, 2, 1, False), "enc4": (256, 512, 8, 4, 2, 1, False),
    "enc5": (512, 128, 4, 4, 1, 0, False),
    "dec1": (512, 128, 4, 4, 1, 0, True), "dec2": (256, 512, 8, 4, 2, 1, True),
    "dec3": (128, 256, 16, 4, 2, 1, True), "dec4": (64, 128, 32, 4, 2, 1, True),
    "dec5": (1, 64, 64, 4, 2, 1, True),
    "dfn32@32": (32, 32, 32, 3, 1, 1, False), "dfn64@32": (64, 64, 32, 3, 1, 1, False),
    "dfn128@32": (128, 128, 32, 3, 1, 1, False), "dfn32@64": (32, 32, 64, 3, 1, 1, False),
    "dfn64@64": (64, 64, 64, 3, 1, 1, False),
}


def row_names():
    rows = [f"sgemm {n}" for n in (256, 512, 1024, 2048)]
    for name in CONVS:
        for b in ((1, 16) if not name.startswith("dfn") else (16,)):
            for mode in ("fwd", "fwd+bwd"):
                rows.append(f"conv {name} b{b} {mode}")
    for b in (1, 16):
        for mode in ("fwd", "fwd+bwd"):
            rows.append(f"lstm 2x256 b{b} {mode}")
    rows += ["svg-lp rollout b1", "svg-lp rollout b16", "svg-lp train b16", "dfn rollout b16", "dfn train b16"]
    return rows


def moving_squares(batch, frames, side=64):
    """Squares of side/5 pixels moving 4 pixels per frame: the clips of ModelWorkloads.movingSquares."""
    v = torch.zeros(batch, frames, 1, side, side)
    sq = max(2, side // 5)
    for b in range(batch):
        for t in range(frames):
            y0, x0 = (8 + 3 * b + 4 * t) % (side - sq), (10 + 5 * b + 4 * t) % (side - sq)
            v[b, t, 0, y0:y0 + sq, x0:x0 + sq] = 1
    return v


def sgemm(n):
    a, b = torch.randn(n, n), torch.randn(n, n)
    return lambda: torch.mm(a, b)


def conv(name, batch, backward):
    cin, cout, size, k, stride, pad, transposed = CONVS[name]
    out = (size + 2 * pad - k) // stride + 1
    w = torch.randn(cout, cin, k, k) * 0.05
    if transposed:
        # the adjoint of conv cin->cout: input (N, cout, out, out), weight (cout, cin, k, k), output (N, cin, size²)
        x = torch.randn(batch, cout, out, out)
        bias = torch.zeros(cin)
        op = lambda x_, w_, b_: F.conv_transpose2d(x_, w_, b_, stride=stride, padding=pad)
    else:
        x = torch.randn(batch, cin, size, size)
        bias = torch.zeros(cout)
        op = lambda x_, w_, b_: F.conv2d(x_, w_, b_, stride=stride, padding=pad)
    if not backward:
        def fwd():
            with torch.no_grad():
                return op(x, w, bias)
        return fwd
    x.requires_grad_(True)
    w.requires_grad_(True)
    bias.requires_grad_(True)
    dy = torch.randn_like(op(x, w, bias))

    def fwd_bwd():
        x.grad = w.grad = bias.grad = None
        op(x, w, bias).backward(dy)
    return fwd_bwd


def lstm_rows(batch, backward):
    cells = nn.ModuleList([nn.LSTMCell(256, 256) for _ in range(2)])
    x = torch.randn(batch, 256)
    zero = torch.zeros(batch, 256)

    def step():
        h = x
        for c in cells:
            h, _ = c(h, (zero, zero))
        return h
    if not backward:
        def fwd():
            with torch.no_grad():
                return step()
        return fwd
    x.requires_grad_(True)

    def fwd_bwd():
        cells.zero_grad(set_to_none=True)
        x.grad = None
        step().sum().backward()
    return fwd_bwd


class Svg:
    """SVG-LP with the SM-MNIST defaults (DCGAN-64, nf 64, g 128, z 10, rnn 256, 2/1/1 layers), float32."""

    def __init__(self):
        g, z, rnn = 128, 10, 256
        self.enc, self.dec = DcganEncoder(g, 1, 64), DcganDecoder(g, 1, 64)
        self.pred = lstm(g + z, g, rnn, 2)
        self.post, self.prior = gaussian_lstm(g, z, rnn, 1), gaussian_lstm(g, z, rnn, 1)
        self.mods = [self.enc, self.dec, self.pred, self.post, self.prior]
        for m in self.mods:
            m.apply(init_weights)
            m.float()
        # the helper classes make float64 zero states; these runs are float32
        for m in (self.pred, self.post, self.prior):
            m.init_hidden = (lambda mm: lambda b: [(torch.zeros(b, mm.hidden_size), torch.zeros(b, mm.hidden_size))
                                                  for _ in range(mm.n_layers)])(m)

    @staticmethod
    def sample(mu, logvar):
        return mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)

    def rollout(self, x, n_future):
        """generate_svg_lp.py: posterior z during the 5 context frames, prior z for the 10 predicted, BN eval()."""
        for m in self.mods:
            m.eval()
        b, n_past = x.shape[0], x.shape[1]
        hp, hq, hr = self.pred.init_hidden(b), self.post.init_hidden(b), self.prior.init_hidden(b)
        x_in, skip = x[:, 0], None
        with torch.no_grad():
            for i in range(1, n_past + n_future):
                h, s = self.enc(x_in)
                if i < n_past:
                    skip = s
                    mu, lv, hq = self.post(self.enc(x[:, i])[0], hq)
                    _, _, hr = self.prior(h, hr)
                    _, hp = self.pred(torch.cat([h, self.sample(mu, lv)], 1), hp)
                    x_in = x[:, i]
                else:
                    mu, lv, hr = self.prior(h, hr)
                    g, hp = self.pred(torch.cat([h, self.sample(mu, lv)], 1), hp)
                    x_in = self.dec([g, skip])

    def trainer(self, frames):
        """train_svg_lp.py's step: teacher forcing over all frames, MSE + β·KL(q‖p), one Adam per module."""
        opts = [torch.optim.Adam(m.parameters(), lr=0.002, betas=(0.9, 0.999)) for m in self.mods]
        beta, n_past = 1e-4, 5

        def step():
            for m in self.mods:
                m.train()
                m.zero_grad(set_to_none=True)
            b = frames.shape[0]
            hp, hq, hr = self.pred.init_hidden(b), self.post.init_hidden(b), self.prior.init_hidden(b)
            mse, kld, skip = 0, 0, None
            for i in range(1, frames.shape[1]):
                h, s = self.enc(frames[:, i - 1])
                h_target = self.enc(frames[:, i])[0]
                if i < n_past:
                    skip = s
                mu, lv, hq = self.post(h_target, hq)
                mu_p, lv_p, hr = self.prior(h, hr)
                g, hp = self.pred(torch.cat([h, self.sample(mu, lv)], 1), hp)
                mse = mse + F.mse_loss(self.dec([g, skip]), frames[:, i])
                kld = kld + (((lv_p - lv) / 2 + (torch.exp(lv) + (mu - mu_p) ** 2) / (2 * torch.exp(lv_p)) - 0.5)
                             .sum() / b)
            (mse + beta * kld).backward()
            for o in opts:
                o.step()
        return step


class Dfn(nn.Module):
    """The recurrent Moving MNIST DFN (DfnNetwork.java): nf 32, 9×9 per-pixel softmax filters, LeakyReLU 0.01."""

    def __init__(self, nf=32, k=9):
        super().__init__()
        c1, c2, c3 = nf, 2 * nf, 4 * nf
        conv = lambda i, o, s=1, kk=3: nn.Conv2d(i, o, kk, s, kk // 2)
        self.enc = nn.ModuleList([conv(1, c1), conv(c1, c1, 2), conv(c1, c2), conv(c2, c2), conv(c2, c3)])
        self.h1, self.h2 = conv(c3, c3), conv(c3, c3)
        self.dec = nn.ModuleList([conv(c3, c2), conv(c2, c2), conv(c2, c2), conv(c2, c2), conv(c2, c3, kk=1)])
        self.head = conv(c3, k * k, kk=1)
        self.k, self.c3 = k, c3

    def step(self, frame, hidden):
        lr = lambda t: F.leaky_relu(t, 0.01)
        x = frame
        for c in self.enc:
            x = lr(c(x))
        h = x + lr(self.h2(lr(self.h1(hidden))))
        y = lr(self.dec[1](lr(self.dec[0](h))))
        y = F.interpolate(y, scale_factor=2, mode="nearest")
        for c in self.dec[2:]:
            y = lr(c(y))
        filters = torch.softmax(self.head(y), 1)
        b, _, hh, ww = frame.shape
        patches = F.unfold(frame, self.k, padding=self.k // 2).view(b, self.k * self.k, hh, ww)
        return (patches * filters).sum(1, keepdim=True), h

    def rollout(self, clips, past=10, future=10):
        b, side = clips.shape[0], clips.shape[-1]
        hidden = torch.zeros(b, self.c3, side // 2, side // 2)
        preds, inp = [], None
        for t in range(past + future - 1):
            if t < past:
                inp = clips[:, t]
            out, hidden = self.step(inp, hidden)
            if t >= past - 1:
                preds.append(out)
                inp = out
        return torch.stack(preds, 1)


def dfn_rows(train):
    net = Dfn()
    clips = moving_squares(16, 20)
    if not train:
        def rollout():
            with torch.no_grad():
                net.rollout(clips)
        return rollout
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        pred = net.rollout(clips).clamp(1e-7, 1 - 1e-7)
        F.binary_cross_entropy(pred, clips[:, 10:20]).backward()
        opt.step()
    return step


def setup(row):
    parts = row.split()
    if parts[0] == "sgemm":
        return sgemm(int(parts[1]))
    if parts[0] == "conv":
        return conv(parts[1], int(parts[2][1:]), parts[3] == "fwd+bwd")
    if parts[0] == "lstm":
        return lstm_rows(int(parts[2][1:]), parts[3] == "fwd+bwd")
    if parts[0] == "svg-lp":
        svg, batch = Svg(), int(parts[2][1:])
        if parts[1] == "rollout":
            ctx = moving_squares(batch, 5)
            return lambda: svg.rollout(ctx, 10)
        return svg.trainer(moving_squares(batch, 15))
    if parts[0] == "dfn":
        return dfn_rows(parts[1] == "train")
    raise SystemExit(f"unknown row '{row}'")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--rows", default="", help="substring filter on row names")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--blas", action="store_true", help="print the BLAS library torch.mm loads, then exit")
    a = ap.parse_args()
    rows = [r for r in row_names() if a.rows in r]
    if a.list:
        print("\n".join(rows))
        return
    torch.set_num_threads(a.threads)
    if a.blas:
        torch.mm(torch.randn(64, 64), torch.randn(64, 64))
        with open("/proc/self/maps") as maps:
            libs = sorted({line.split()[-1] for line in maps if "blas" in line.lower() or "lapack" in line.lower()})
        print(" ".join(os.path.basename(os.path.dirname(p)) + "/" + os.path.basename(p) for p in libs) or "none")
        return
    torch.manual_seed(1)
    for row in rows:
        work = setup(row)
        model = row.startswith(("svg", "dfn"))
        # at least --warmup calls and, for op rows, 2 s, as the nextframe half does
        end, i = time.perf_counter() + (0 if model else 2.0), 0
        while i < (min(a.warmup, 1) if model else a.warmup) or time.perf_counter() < end:
            work()
            i += 1
        times = []
        for _ in range(a.reps):
            t = time.perf_counter()
            work()
            times.append(time.perf_counter() - t)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{row}\t{statistics.median(times):.6f}\t{min(times):.6f}\t{max(times):.6f}\t{rss:.0f}", flush=True)


if __name__ == "__main__":
    main()
