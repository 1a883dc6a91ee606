package io.nextframe.bench;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ONNX Runtime peer computes what nextframe computes: scripts/export_svg_onnx.py exports a tiny SVG-LP (nf 4,
 * g 8) as a nextframe file and as encoder.onnx / decoder.onnx from the same PyTorch weights, and both engines give
 * the same outputs on the same inputs. Skipped where /usr/bin/python3 cannot import torch (CI) or where ONNX
 * Runtime's native library cannot load. Times nothing.
 */
class OnnxPeerTest {
    /** Debian's python3 with python3-torch, as scripts/compare-pytorch.sh uses; -Dnextframe.test.python overrides. */
    private static final Path PYTHON = Path.of(System.getProperty("nextframe.test.python", "/usr/bin/python3"));

    /** "exit status\n" then the merged output of a command. */
    private static String run(List<String> command, long timeoutS, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(what + ": no exit within " + timeoutS + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        return p.exitValue() + "\n" + text;
    }

    private static void assumeTorch() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "skipped: " + PYTHON + " is not there (no PyTorch to export from)");
        String r = run(List.of(PYTHON.toString(), "-c", "import torch"), 120, "import torch");
        assumeTrue(r.startsWith("0\n"), "skipped: " + PYTHON + " cannot import torch (install Debian's python3-torch)");
    }

    private static void assumeOnnxRuntime() {
        String why;
        try {
            ai.onnxruntime.OrtEnvironment.getEnvironment();
            return;
        } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError …
            why = t + (t.getCause() != null ? ", caused by " + t.getCause() : "");
        }
        assumeTrue(false, "skipped: onnxruntime's native library cannot load on this machine: " + why);
    }

    @Test
    void nextframeAndOnnxRuntimeAgreeOnTheExportedEncoderAndDecoder(@TempDir Path dir) throws Exception {
        assumeTorch();
        assumeOnnxRuntime();
        String r = run(List.of(PYTHON.toString(), "scripts/export_svg_onnx.py", "--out", dir.toString(), "--nf", "4",
                "--g", "8", "--z", "3", "--rnn", "16"), 180, "export_svg_onnx.py");
        assertTrue(r.startsWith("0\n"), "export_svg_onnx.py failed:\n" + r);
        try (Backend be = Backends.open("reference");
             SvgHalves nf = new NextframeSvgHalves(be, dir.resolve("svg-lp.safetensors"));
             SvgHalves ort = new OrtSvgHalves(dir, 1)) {
            Map<String, Double> diffs = OnnxPeer.agreement(nf, ort, 1, 3);
            assertEquals(List.of("svg-encoder b1", "svg-decoder b1", "svg-encoder b3", "svg-decoder b3"),
                    List.copyOf(diffs.keySet()));
            diffs.forEach((row, d) -> assertTrue(d <= OnnxPeer.TOLERANCE, row + ": max |nextframe - onnxruntime| "
                    + d + " > " + OnnxPeer.TOLERANCE));
            // the agreement means something only if the outputs vary: the decoder's frame is not a constant
            SvgHalves.Array x = OnnxPeer.frames(3);
            float[] frame = ort.decode(ort.encode(x)).data();
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (float v : frame) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            assertTrue(hi - lo > 0.05f, "decoder output spans only [" + lo + ", " + hi + "]");
            // and a different input gives a different encoding (the check is not comparing constants)
            assertTrue(OnnxPeer.maxAbsDiff(nf.encode(x)[0], nf.encode(inverted(x))[0], "h") > 1e-4,
                    "the encoder ignores its input");
        }
    }

    private static SvgHalves.Array inverted(SvgHalves.Array a) {
        float[] v = a.data().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = 1f - v[i];
        }
        return new SvgHalves.Array(v, a.shape());
    }
}
