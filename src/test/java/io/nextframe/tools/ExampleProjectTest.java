package io.nextframe.tools;

import io.nextframe.core.Backends;
import io.nextframe.data.media.FrameOptions;
import io.nextframe.data.media.FrameReader;
import io.nextframe.models.svg.SkipMode;
import io.nextframe.models.svg.SvgConfig;
import io.nextframe.models.svg.SvgFiles;
import io.nextframe.models.svg.SvgKind;
import io.nextframe.models.svg.SvgModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runnable example in examples/predict-gif compiles against the engine and does what its README says. */
class ExampleProjectTest {

    @Test
    void theExampleCompilesAndPredictsFromAGif(@TempDir Path dir) throws Exception {
        Path source = Path.of("examples/predict-gif/src/main/java/example/PredictGif.java");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "--release", "25", "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString(), source.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        SvgConfig c = SvgConfig.defaults(SvgKind.LP).withSizes(8, 2, 8, 4).withSteps(3, 4, SkipMode.PENULTIMATE);
        Path model = dir.resolve("m.safetensors");
        try (SvgModel m = new SvgModel(Backends.get("simd"), c, 5)) {
            SvgFiles.save(m, model);
        }
        Path gif = dir.resolve("clip.gif");
        assertEquals(0, CliWorkflowTest.run("dataset", "smmnist", "--frames", "7", "--out", gif.toString()).code());
        Path out = dir.resolve("pred.gif");

        PrintStream old = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("example.PredictGif").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {model.toString(), gif.toString(), out.toString()});
        } finally {
            System.setOut(old);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(10, FrameReader.readGif(out, FrameOptions.asFound()).frames(), text);
        assertTrue(text.contains("after frame 6: next 3 frames predicted"), text);
    }
}
