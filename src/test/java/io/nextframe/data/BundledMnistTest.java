package io.nextframe.data;

import io.nextframe.data.mnist.Digits;
import io.nextframe.data.mnist.Mnist;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundledMnistTest {
    @Test
    void subsetHasTheDocumentedSplitAndRealDigits() {
        Mnist train = Mnist.bundled(Mnist.Split.TRAIN);
        Mnist test = Mnist.bundled(Mnist.Split.TEST);
        assertEquals(8000, train.size());
        assertEquals(2000, test.size());
        assertEquals(28, train.rows());
        int[] perDigit = new int[10];
        for (int i = 0; i < test.size(); i++) {
            perDigit[test.label(i)]++;
        }
        assertEquals("[200, 225, 198, 206, 196, 173, 203, 214, 189, 196]", java.util.Arrays.toString(perDigit));
        // MNIST digits: black border, a bright stroke, mean intensity near 0.13
        double sum = 0;
        for (int i = 0; i < 500; i++) {
            float[] img = train.image(i);
            assertEquals(0f, img[0]);
            float max = 0;
            for (float v : img) {
                sum += v;
                max = Math.max(max, v);
            }
            assertTrue(max > 0.9f, "image " + i + " has no stroke");
        }
        double mean = sum / (500 * 784);
        assertTrue(mean > 0.1 && mean < 0.16, "mean " + mean);
    }

    @Test
    void resizedDigitsKeepRangeAndMass() {
        Mnist m = Mnist.bundled(Mnist.Split.TEST);
        Digits d = m.digits(32);
        assertEquals(32, d.side());
        float[] small = m.image(5);
        float[] big = d.image(5);
        double s0 = 0;
        double s1 = 0;
        for (float v : small) {
            s0 += v;
        }
        for (float v : big) {
            s1 += v;
            assertTrue(v >= 0 && v <= 1);
            assertEquals(Math.round(v * 255), v * 255, 1e-3, "quantised to 1/255");
        }
        // area scales by (32/28)^2
        assertEquals(s0 * (32.0 * 32) / (28 * 28), s1, 0.03 * s1);
    }
}
