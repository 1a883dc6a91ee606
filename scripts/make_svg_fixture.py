#!/usr/bin/python3
"""Golden fixtures for SVG import and prediction: src/test/resources/fixtures/svg/.

Builds the authors' architecture in PyTorch (models/dcgan_64.py, models/vgg_64.py, models/lstm.py, rewritten from
specs/reference-implementations.md §1 with a width parameter nf instead of 64 so the files stay small), seeded
random weights with the authors' init_weights, BatchNorm running statistics made non-trivial by a few training-mode
passes, then exports each model with scripts/export_svg_from_pytorch.py's writer (<case>.safetensors, exactly what a
user's export gives) and writes <case>_io.safetensors with a context and PyTorch's mean-mode predictions
(posterior mean during the context, prior mean — 0 for svg-fp — afterwards, generation loop of generate_svg_lp.py)
in both BatchNorm modes: "running" (eval()) and "batch" (the authors' script, never calling eval()).

Run:  /usr/bin/python3 scripts/make_svg_fixture.py
"""
import os
import sys

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from export_svg_from_pytorch import export, write_safetensors  # noqa: E402
from make_torch_layer_fixtures import Encoder as DcganEncoder, Decoder as DcganDecoder, lstm  # noqa: E402

OUT = os.path.join(HERE, "..", "src", "test", "resources", "fixtures", "svg")


class vgg_layer(nn.Module):
    def __init__(self, nin, nout):
        super().__init__()
        self.main = nn.Sequential(nn.Conv2d(nin, nout, 3, 1, 1), nn.BatchNorm2d(nout), nn.LeakyReLU(0.2))

    def forward(self, x):
        return self.main(x)


class VggEncoder(nn.Module):
    def __init__(self, dim, nc, nf):
        super().__init__()
        self.dim = dim
        self.c1 = nn.Sequential(vgg_layer(nc, nf), vgg_layer(nf, nf))
        self.c2 = nn.Sequential(vgg_layer(nf, nf * 2), vgg_layer(nf * 2, nf * 2))
        self.c3 = nn.Sequential(vgg_layer(nf * 2, nf * 4), vgg_layer(nf * 4, nf * 4), vgg_layer(nf * 4, nf * 4))
        self.c4 = nn.Sequential(vgg_layer(nf * 4, nf * 8), vgg_layer(nf * 8, nf * 8), vgg_layer(nf * 8, nf * 8))
        self.c5 = nn.Sequential(nn.Conv2d(nf * 8, dim, 4, 1, 0), nn.BatchNorm2d(dim), nn.Tanh())
        self.mp = nn.MaxPool2d(kernel_size=2, stride=2, padding=0)

    def forward(self, x):
        h1 = self.c1(x)
        h2 = self.c2(self.mp(h1))
        h3 = self.c3(self.mp(h2))
        h4 = self.c4(self.mp(h3))
        h5 = self.c5(self.mp(h4))
        return h5.view(-1, self.dim), [h1, h2, h3, h4]


class VggDecoder(nn.Module):
    def __init__(self, dim, nc, nf):
        super().__init__()
        self.dim = dim
        self.upc1 = nn.Sequential(nn.ConvTranspose2d(dim, nf * 8, 4, 1, 0), nn.BatchNorm2d(nf * 8), nn.LeakyReLU(0.2))
        self.upc2 = nn.Sequential(vgg_layer(nf * 16, nf * 8), vgg_layer(nf * 8, nf * 8), vgg_layer(nf * 8, nf * 4))
        self.upc3 = nn.Sequential(vgg_layer(nf * 8, nf * 4), vgg_layer(nf * 4, nf * 4), vgg_layer(nf * 4, nf * 2))
        self.upc4 = nn.Sequential(vgg_layer(nf * 4, nf * 2), vgg_layer(nf * 2, nf))
        self.upc5 = nn.Sequential(vgg_layer(nf * 2, nf), nn.ConvTranspose2d(nf, nc, 3, 1, 1), nn.Sigmoid())
        self.up = nn.UpsamplingNearest2d(scale_factor=2)

    def forward(self, inp):
        vec, skip = inp
        d1 = self.upc1(vec.view(-1, self.dim, 1, 1))
        d2 = self.upc2(torch.cat([self.up(d1), skip[3]], 1))
        d3 = self.upc3(torch.cat([self.up(d2), skip[2]], 1))
        d4 = self.upc4(torch.cat([self.up(d3), skip[1]], 1))
        return self.upc5(torch.cat([self.up(d4), skip[0]], 1))


class gaussian_lstm(nn.Module):
    def __init__(self, input_size, output_size, hidden_size, n_layers):
        super().__init__()
        self.n_layers = n_layers
        self.hidden_size = hidden_size
        self.embed = nn.Linear(input_size, hidden_size)
        self.lstm = nn.ModuleList([nn.LSTMCell(hidden_size, hidden_size) for _ in range(n_layers)])
        self.mu_net = nn.Linear(hidden_size, output_size)
        self.logvar_net = nn.Linear(hidden_size, output_size)

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
        return self.mu_net(h_in), self.logvar_net(h_in), new


def init_weights(m):
    name = m.__class__.__name__
    if name.find("Conv") != -1:
        m.weight.data.normal_(0.0, 0.02)
        m.bias.data.fill_(0)
    elif name.find("BatchNorm") != -1:
        m.weight.data.normal_(1.0, 0.02)
        m.bias.data.fill_(0)


def build(kind, backbone, nf, g, z, rnn, layers, nc):
    enc_cls, dec_cls = (DcganEncoder, DcganDecoder) if backbone == "dcgan" else (VggEncoder, VggDecoder)
    mods = {"encoder": enc_cls(g, nc, nf), "decoder": dec_cls(g, nc, nf),
            "frame_predictor": lstm(g + z if kind != "svg-det" else g, g, rnn, layers[0])}
    if kind != "svg-det":
        mods["posterior"] = gaussian_lstm(g, z, rnn, layers[1])
    if kind == "svg-lp":
        mods["prior"] = gaussian_lstm(g, z, rnn, layers[2])
    for m in mods.values():
        m.apply(init_weights)
    # with N(0, 0.02) weights and a narrow nf the last layer's output sits at sigmoid(≈0) = 0.5 everywhere, which
    # would make the comparison weak: widen only that layer
    last = [l for l in mods["decoder"].modules() if isinstance(l, nn.ConvTranspose2d)][-1]
    last.weight.data.normal_(0.0, 1.0)
    for m in mods.values():
        m.double()
        with torch.no_grad():  # the file's precision
            for p in m.parameters():
                p.copy_(p.float().double())
    return mods


def settle_running_stats(mods, nc):
    """Three training-mode passes on random frames so running_mean/var differ from 0/1."""
    enc, dec = mods["encoder"], mods["decoder"]
    enc.train()
    dec.train()
    with torch.no_grad():
        for _ in range(3):
            x = torch.rand(4, nc, 64, 64, dtype=torch.float64)
            h, skip = enc(x)
            dec([h, skip])
        for m in (enc, dec):
            for name, b in m.named_buffers():
                if b.dtype == torch.float64:
                    b.copy_(b.float().double())


def generate_mean(mods, kind, x, n_future, skip_mode):
    """generate_svg_lp.py's loop with z = μ (posterior during the context, prior / 0 afterwards)."""
    enc, dec, pred = mods["encoder"], mods["decoder"], mods["frame_predictor"]
    post, prior = mods.get("posterior"), mods.get("prior")
    b, n_past = x.shape[0], x.shape[1]
    hp = pred.init_hidden(b)
    hq = post.init_hidden(b) if post is not None else None
    hr = prior.init_hidden(b) if prior is not None else None
    x_in, skip, out = x[:, 0], None, []
    for i in range(1, n_past + n_future):
        h, s = enc(x_in)
        refresh = {"penultimate": i < n_past, "every-step": True, "last-context": i <= n_past}[skip_mode]
        if skip is None or refresh:
            skip = s
        if i < n_past:
            inp = h
            if post is not None:
                mu, _, hq = post(enc(x[:, i])[0], hq)
                if prior is not None:
                    _, _, hr = prior(h, hr)
                inp = torch.cat([h, mu], 1)
            _, hp = pred(inp, hp)
            x_in = x[:, i]
        else:
            inp = h
            if prior is not None:
                mu, _, hr = prior(h, hr)
                inp = torch.cat([h, mu], 1)
            elif post is not None:
                inp = torch.cat([h, torch.zeros(b, post.mu_net.out_features, dtype=h.dtype)], 1)
            g, hp = pred(inp, hp)
            x_in = dec([g, skip])
            out.append(x_in)
    return torch.stack(out, 1)


def case(name, kind, backbone, nf, g, z, rnn, layers, nc, skip_mode, batch, n_past, n_future, both_modes):
    mods = build(kind, backbone, nf, g, z, rnn, layers, nc)
    settle_running_stats(mods, nc)
    opt = {"model": backbone, "g_dim": g, "z_dim": z, "rnn_size": rnn, "predictor_rnn_layers": layers[0],
           "posterior_rnn_layers": layers[1], "prior_rnn_layers": layers[2], "channels": nc, "image_width": 64,
           "last_frame_skip": skip_mode == "every-step", "n_past": n_past, "n_future": n_future}
    path = os.path.join(OUT, name + ".safetensors")
    export(mods, kind, opt, path)
    if nf != 64 or skip_mode == "last-context":  # options beyond the authors' script, added as `convert --set` would
        extra = {"nf": nf, "skip": skip_mode}
        tensors = {p + "." + k: v for p, m in mods.items() for k, v in m.state_dict().items()}
        from export_svg_from_pytorch import svg_metadata
        write_safetensors(path, tensors, dict(svg_metadata(kind, opt), **extra))
    x = torch.rand(batch, n_past, nc, 64, 64, dtype=torch.float32).double()
    io = {"context": x.float()}
    with torch.no_grad():
        for m in mods.values():
            m.eval()
        io["running"] = generate_mean(mods, kind, x, n_future, skip_mode).float()
        if both_modes:
            for m in (mods["encoder"], mods["decoder"]):
                m.train()  # batch statistics; running buffers change but are not used again
            io["batch"] = generate_mean(mods, kind, x, n_future, skip_mode).float()
    write_safetensors(os.path.join(OUT, name + "_io.safetensors"), io,
                      {"case": name, "n_future": n_future, "torch": torch.__version__})


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(20261123)
    # (kind, backbone, nf, g_dim, z_dim, rnn_size, layers, channels, skip, batch, n_past, n_future, both BN modes);
    # small widths and few frames keep all six files under 1 MB
    case("svg_lp_dcgan", "svg-lp", "dcgan", 2, 8, 3, 16, (2, 1, 1), 1, "penultimate", 2, 3, 3, True)
    case("svg_fp_vgg", "svg-fp", "vgg", 2, 8, 3, 16, (1, 1, 0), 1, "every-step", 2, 2, 2, False)
    case("svg_det_dcgan", "svg-det", "dcgan", 2, 8, 0, 16, (2, 0, 0), 1, "last-context", 2, 2, 2, False)
    print("wrote SVG fixtures to " + OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
