#!/usr/bin/python3
"""Writes PyTorch fixtures for whole layers under src/test/resources/fixtures/layers/ (companion of
make_torch_fixtures.py, whose safetensors writer it reuses).

Each file holds a small seeded model's state dict (float32, keys as PyTorch names them, under the module's prefix),
its inputs, a fixed projection `proj` defining the scalar loss Σ proj·output, PyTorch's outputs, the gradient of
that loss for every parameter ("grad.<key>") and the running statistics after the forward pass ("after.<key>").
Models are built as the SVG authors' code (models/dcgan_64.py and models/lstm.py) with a width parameter nf instead
of 64, so the files stay small; PyTorch computes in float64 on the float32 values stored.

Run:  /usr/bin/python3 scripts/make_torch_layer_fixtures.py
"""
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_torch_fixtures import write_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "fixtures",
                   "layers")


class dcgan_conv(nn.Module):
    def __init__(self, nin, nout):
        super().__init__()
        self.main = nn.Sequential(nn.Conv2d(nin, nout, 4, 2, 1), nn.BatchNorm2d(nout), nn.LeakyReLU(0.2))

    def forward(self, x):
        return self.main(x)


class dcgan_upconv(nn.Module):
    def __init__(self, nin, nout):
        super().__init__()
        self.main = nn.Sequential(nn.ConvTranspose2d(nin, nout, 4, 2, 1), nn.BatchNorm2d(nout), nn.LeakyReLU(0.2))

    def forward(self, x):
        return self.main(x)


class Encoder(nn.Module):
    def __init__(self, dim, nc, nf):
        super().__init__()
        self.dim = dim
        self.c1 = dcgan_conv(nc, nf)
        self.c2 = dcgan_conv(nf, nf * 2)
        self.c3 = dcgan_conv(nf * 2, nf * 4)
        self.c4 = dcgan_conv(nf * 4, nf * 8)
        self.c5 = nn.Sequential(nn.Conv2d(nf * 8, dim, 4, 1, 0), nn.BatchNorm2d(dim), nn.Tanh())

    def forward(self, x):
        h1 = self.c1(x)
        h2 = self.c2(h1)
        h3 = self.c3(h2)
        h4 = self.c4(h3)
        h5 = self.c5(h4)
        return h5.view(-1, self.dim), [h1, h2, h3, h4]


class Decoder(nn.Module):
    def __init__(self, dim, nc, nf):
        super().__init__()
        self.dim = dim
        self.upc1 = nn.Sequential(nn.ConvTranspose2d(dim, nf * 8, 4, 1, 0), nn.BatchNorm2d(nf * 8), nn.LeakyReLU(0.2))
        self.upc2 = dcgan_upconv(nf * 8 * 2, nf * 4)
        self.upc3 = dcgan_upconv(nf * 4 * 2, nf * 2)
        self.upc4 = dcgan_upconv(nf * 2 * 2, nf)
        self.upc5 = nn.Sequential(nn.ConvTranspose2d(nf * 2, nc, 4, 2, 1), nn.Sigmoid())

    def forward(self, inp):
        vec, skip = inp
        d1 = self.upc1(vec.view(-1, self.dim, 1, 1))
        d2 = self.upc2(torch.cat([d1, skip[3]], 1))
        d3 = self.upc3(torch.cat([d2, skip[2]], 1))
        d4 = self.upc4(torch.cat([d3, skip[1]], 1))
        return self.upc5(torch.cat([d4, skip[0]], 1))


class lstm(nn.Module):
    def __init__(self, input_size, output_size, hidden_size, n_layers):
        super().__init__()
        self.n_layers = n_layers
        self.hidden_size = hidden_size
        self.embed = nn.Linear(input_size, hidden_size)
        self.lstm = nn.ModuleList([nn.LSTMCell(hidden_size, hidden_size) for _ in range(n_layers)])
        self.output = nn.Sequential(nn.Linear(hidden_size, output_size), nn.Tanh())

    def init_hidden(self, batch):
        z = torch.zeros(batch, self.hidden_size, dtype=torch.float64)
        return [(z, z) for _ in range(self.n_layers)]

    def forward(self, x, hidden):
        h_in = self.embed(x)
        new = []
        for i in range(self.n_layers):
            hidden_i = self.lstm[i](h_in, hidden[i])
            new.append(hidden_i)
            h_in = hidden_i[0]
        return self.output(h_in), new


def float32_rounded(module):
    """Rounds every parameter to float32 (the file's precision), then computes in float64."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(p.float().double())


def state(prefix, module):
    return {prefix + k: (v.detach().float() if v.dtype == torch.float64 else v.detach().clone())
            for k, v in module.state_dict().items()}


def dcgan(nf=4, dim=8, nc=1, batch=2):
    enc, dec = Encoder(dim, nc, nf).double(), Decoder(dim, nc, nf).double()
    float32_rounded(enc)
    float32_rounded(dec)
    t = {}
    t.update(state("encoder.", enc))
    t.update(state("decoder.", dec))
    x = torch.rand(batch, nc, 64, 64, dtype=torch.float32).double()
    proj = torch.randn(batch, nc, 64, 64, dtype=torch.float32).double()
    enc.train()
    dec.train()
    out = dec(enc(x))
    loss = (out * proj).sum()
    loss.backward()
    t["x"], t["proj"], t["out"] = x.float(), proj.float(), out.detach().float()
    for prefix, m in (("encoder.", enc), ("decoder.", dec)):
        for k, p in m.named_parameters():
            t["grad." + prefix + k] = p.grad.float()
        for k, b in m.named_buffers():
            if "running" in k:
                t["after." + prefix + k] = b.detach().float()
    return t, {"nf": nf, "dim": dim, "nc": nc, "batch": batch}


def lstm2(inp=6, out=5, hidden=8, layers=2, batch=3, steps=3):
    m = lstm(inp, out, hidden, layers).double()
    float32_rounded(m)
    t = state("lstm.", m)
    hid = m.init_hidden(batch)
    loss = 0
    for s in range(steps):
        x = torch.randn(batch, inp, dtype=torch.float32).double()
        proj = torch.randn(batch, out, dtype=torch.float32).double()
        y, hid = m(x, hid)
        loss = loss + (y * proj).sum()
        t["x%d" % s], t["proj%d" % s], t["out%d" % s] = x.float(), proj.float(), y.detach().float()
    loss.backward()
    for k, p in m.named_parameters():
        t["grad.lstm." + k] = p.grad.float()
    return t, {"input": inp, "output": out, "hidden": hidden, "layers": layers, "batch": batch, "steps": steps}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(20261123)
    for name, fn in (("svg_dcgan64_small", dcgan), ("svg_lstm_2layer", lstm2)):
        tensors, meta = fn()
        meta = {k: str(v) for k, v in dict(meta, case=name, torch=torch.__version__).items()}
        write_safetensors(os.path.join(OUT, name + ".safetensors"), tensors, meta)
    print("wrote layer fixtures to " + OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
