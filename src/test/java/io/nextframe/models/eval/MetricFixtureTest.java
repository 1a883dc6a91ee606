package io.nextframe.models.eval;

import io.nextframe.core.io.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SSIM, PSNR, MSE and BCE against scikit-image 0.19 / numpy on the pairs of
 * {@code fixtures/metrics/ssim_psnr.json} (written by scripts/make_metric_fixtures.py), to 1e-5 absolute
 * (PSNR: relative); PSNR both per channel (the authors' evaluation) and over the whole frame.
 */
class MetricFixtureTest {
    private static final double TOLERANCE = 1e-5;

    @Test
    void matchesScikitImage() throws IOException {
        Map<?, ?> doc = load();
        List<?> cases = (List<?>) doc.get("cases");
        assertTrue(cases.size() >= 10, "fixture cases: " + cases.size());
        double worstSsim = 0;
        for (Object o : cases) {
            Map<?, ?> c = (Map<?, ?>) o;
            String name = (String) c.get("name");
            List<?> dims = (List<?>) c.get("shape");
            FrameShape shape = new FrameShape(intAt(dims, 0), intAt(dims, 1), intAt(dims, 2));
            float[] x = floats((String) c.get("x"), shape.size());
            float[] y = floats((String) c.get("y"), shape.size());

            double ssim2 = Ssim.of(x, 0, y, 0, shape);
            double ssim1 = Ssim.of(x, 0, y, 0, shape, 1.0);
            assertEquals(number(c, "ssim_r2"), ssim2, TOLERANCE, name + ": SSIM, data range 2");
            assertEquals(number(c, "ssim_r1"), ssim1, TOLERANCE, name + ": SSIM, data range 1");
            worstSsim = Math.max(worstSsim, Math.abs(number(c, "ssim_r2") - ssim2));
            // Symmetric in its arguments, as the formula is.
            assertEquals(ssim2, Ssim.of(y, 0, x, 0, shape), 1e-14, name + ": SSIM symmetry");

            assertEquals(number(c, "mse"), Mse.of(x, 0, y, 0, shape), 1e-12, name + ": MSE");
            assertEquals(number(c, "bce"), Bce.perPixel(x, 0, y, 0, shape), 1e-9, name + ": BCE");
            checkPsnr(name + ": PSNR per channel", c.get("psnr"), Psnr.of(x, 0, y, 0, shape));
            checkPsnr(name + ": PSNR of the whole frame", c.get("psnr_frame"), Psnr.wholeFrame(x, 0, y, 0, shape));
        }
        // Double precision on both sides: far tighter than the 1e-5 the test asks.
        assertTrue(worstSsim < 1e-12, "worst SSIM deviation " + worstSsim);
    }

    private static void checkPsnr(String what, Object expected, double got) {
        if ("inf".equals(expected)) {
            assertEquals(Double.POSITIVE_INFINITY, got, what);
        } else {
            double want = Double.parseDouble(((Json.Number) expected).text());
            assertEquals(want, got, TOLERANCE * Math.abs(want), what);
        }
    }

    private static Map<?, ?> load() throws IOException {
        try (InputStream in = MetricFixtureTest.class.getResourceAsStream("/fixtures/metrics/ssim_psnr.json")) {
            assertNotNull(in, "fixture fixtures/metrics/ssim_psnr.json missing: run scripts/make_metric_fixtures.py");
            return (Map<?, ?>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static int intAt(List<?> list, int i) {
        return Math.toIntExact(((Json.Number) list.get(i)).longValueExact());
    }

    private static double number(Map<?, ?> c, String key) {
        return Double.parseDouble(((Json.Number) c.get(key)).text());
    }

    private static float[] floats(String base64, int n) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4L * n, b.remaining(), "fixture array length");
        float[] f = new float[n];
        b.asFloatBuffer().get(f);
        return f;
    }
}
