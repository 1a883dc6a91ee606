package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.spi.BackendProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whole models against PyTorch (scripts/make_torch_layer_fixtures.py): SVG's DCGAN-64 encoder/decoder (nf = 4) and
 * its 2-layer LSTM on every available backend, loaded strictly from PyTorch's state dicts; outputs, every parameter gradient of Σ proj·output
 * and the updated running statistics agree (bounds in {@link #compare}).
 */
class TorchLayerFixtureTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures/layers");
    private Backend be;
    private final List<String> failures = new ArrayList<>();

    /** Every backend whose probe says it can run here. */
    static List<String> backends() {
        List<String> names = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) {
            if (p.probe().available()) {
                names.add(p.name());
            }
        }
        return names;
    }

    /**
     * |actual − expected| ≤ 1e−4·(1 + |expected|) on the reference backend (which accumulates in double). Backends
     * that accumulate in float32 in another order (SIMD, OpenCL) lose digits where a weight gradient sums thousands of
     * cancelling terms through batch norm, so for them the bound adds 1e−4 of the tensor's largest magnitude.
     */
    private void compare(String what, HostTensor expected, float[] actual) {
        float[] e = expected.data();
        if (e.length != actual.length) {
            failures.add(what + ": " + actual.length + " values, expected " + e.length);
            return;
        }
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        double floor = be.name().equals("reference") ? 0 : 1e-4 * scale;
        double worst = 0;
        int at = -1;
        for (int i = 0; i < e.length; i++) {
            double excess = Math.abs(actual[i] - e[i]) - 1e-4 * (1 + Math.abs(e[i])) - floor;
            if (excess > worst) {
                worst = excess;
                at = i;
            }
        }
        if (at >= 0) {
            failures.add(what + "[" + at + "]: " + actual[at] + ", PyTorch " + e[at] + " (largest |value| " + scale
                    + ")");
        }
    }

    private Var input(HostTensor h) {
        return Var.constant(be.fromFloats(Shape.of(h.shape()), h.data()));
    }

    private void done() {
        if (!failures.isEmpty()) {
            fail(be.name() + ": " + failures.size() + " mismatches:\n" + String.join("\n", failures));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void svgDcgan64EncoderDecoder(String backend) throws Exception {
        be = Backends.get(backend);
        Map<String, HostTensor> f = SafeTensors.readAll(DIR.resolve("svg_dcgan64_small.safetensors"));
        try (SvgNets.Encoder enc = new SvgNets.Encoder(be, 8, 1, 4, new Rng(0));
             SvgNets.Decoder dec = new SvgNets.Decoder(be, 8, 1, 4, new Rng(0));
             Scope s = be.scope()) {
            assertTrue(enc.load(Checkpoint.withPrefix(f, "encoder"), true).clean());
            assertTrue(dec.load(Checkpoint.withPrefix(f, "decoder"), true).clean());
            Var out = dec.forward(enc.forward(input(f.get("x"))));
            assertArrayEquals(f.get("out").shape(), out.shape().dims());
            compare("out", f.get("out"), out.value().toFloatArray());
            F.sum(F.mul(out, input(f.get("proj")))).backward();
            checkGradsAndStats(f, "encoder.", enc);
            checkGradsAndStats(f, "decoder.", dec);
            done();
        }
    }

    private void checkGradsAndStats(Map<String, HostTensor> f, String prefix, Module m) {
        m.namedParameters().forEach((k, p) -> {
            HostTensor g = f.get("grad." + prefix + k);
            if (g == null || p.grad() == null) {
                failures.add(prefix + k + ": gradient missing (fixture " + (g != null) + ", ours " + (p.grad() != null)
                        + ")");
            } else {
                compare("grad " + prefix + k, g, p.grad().toFloatArray());
            }
        });
        m.namedBuffers().forEach((k, b) -> {
            HostTensor after = f.get("after." + prefix + k);
            if (after != null) {
                compare("after " + prefix + k, after, b.value().toFloatArray());
            }
        });
    }

    @ParameterizedTest
    @MethodSource("backends")
    void svgTwoLayerLstmOverThreeSteps(String backend) throws Exception {
        be = Backends.get(backend);
        Map<String, HostTensor> f = SafeTensors.readAll(DIR.resolve("svg_lstm_2layer.safetensors"));
        try (SvgNets.Lstm m = new SvgNets.Lstm(be, 6, 5, 8, 2, new Rng(0)); Scope s = be.scope()) {
            assertTrue(m.load(Checkpoint.withPrefix(f, "lstm"), true).clean());
            List<LstmState> state = null;
            Var loss = null;
            for (int t = 0; t < 3; t++) {
                state = m.lstm.forward(m.embed.forward(input(f.get("x" + t))), state);
                Var y = m.output.forward(state.getLast().h());
                compare("out" + t, f.get("out" + t), y.value().toFloatArray());
                Var term = F.sum(F.mul(y, input(f.get("proj" + t))));
                loss = loss == null ? term : F.add(loss, term);
            }
            loss.backward();
            checkGradsAndStats(f, "lstm.", m);
            done();
        }
    }
}
