package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.spi.BackendProvider;
import io.nextframe.layers.losses.Losses;
import io.nextframe.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same seed gives bit-identical initial weights on every available backend (all draw from the counter-based
 * generator), and a few training steps of a small model give the same losses up to float32 reordering.
 */
class CrossBackendLayersTest {

    private static List<Backend> available() {
        List<Backend> out = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) {
            if (p.probe().available()) {
                out.add(Backends.get(p.name()));
            }
        }
        return out;
    }

    private static Sequential model(Backend b) {
        Rng rng = new Rng(23);
        return new Sequential(b, Conv.conv2d(b, 1, 4, 3, 1, 1, rng), new BatchNorm(b, 4),
                Activation.leakyRelu(b, 0.2f), new Dropout(b, 0.2f, true, rng), Conv.conv2d(b, 4, 1, 3, 1, 1, rng),
                Activation.sigmoid(b));
    }

    private static float[] train(Backend b, List<float[]> weights) {
        float[] x = new float[2 * 8 * 8], t = new float[2 * 8 * 8];
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
            t[i] = 1 - x[i];
        }
        float[] losses = new float[4];
        try (Sequential net = model(b); Adam adam = new Adam(net.trainableParameters(), 0.01)) {
            net.parameters().forEach(p -> weights.add(p.value().toFloatArray()));
            for (int s = 0; s < losses.length; s++) {
                try (Scope scope = b.scope()) {
                    Var loss = Losses.mse(net.forward(Var.constant(b.fromFloats(Shape.of(2, 1, 8, 8), x))),
                            Var.constant(b.fromFloats(Shape.of(2, 1, 8, 8), t)));
                    losses[s] = (float) loss.item();
                    loss.backward();
                    adam.step();
                    adam.zeroGrad();
                }
            }
        }
        return losses;
    }

    @Test
    void sameSeedSameWeightsAndLossesOnEveryBackend() {
        List<Backend> backends = available();
        System.out.println("CrossBackendLayersTest on " + backends.stream().map(Backend::name).toList());
        assertTrue(backends.stream().anyMatch(b -> b.name().equals("reference")));
        List<float[]> refWeights = new ArrayList<>();
        float[] ref = train(Backends.get("reference"), refWeights);
        assertTrue(ref[3] < ref[0], "loss should fall: " + java.util.Arrays.toString(ref));
        for (Backend b : backends) {
            List<float[]> w = new ArrayList<>();
            float[] l = train(b, w);
            assertEquals(refWeights.size(), w.size());
            for (int i = 0; i < w.size(); i++) {
                assertArrayEquals(refWeights.get(i), w.get(i), b.name() + ": initial weights of parameter " + i);
            }
            assertArrayEquals(ref, l, 1e-4f, b.name() + ": losses");
        }
    }
}
