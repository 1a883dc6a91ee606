package io.nextframe.tools;

import io.nextframe.core.Backends;
import io.nextframe.models.svg.SkipMode;
import io.nextframe.models.svg.SvgConfig;
import io.nextframe.models.svg.SvgFiles;
import io.nextframe.models.svg.SvgKind;
import io.nextframe.models.svg.SvgModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code eval --report} writes one self-contained page; headless Chromium (Debian {@code chromium}) opens it and must
 * render the metrics table and decode both embedded images. Without Chromium the test is skipped, unless
 * NEXTFRAME_REQUIRE_CHROMIUM=1 (set by CI, which installs it) makes that a failure.
 */
class EvalReportBrowserTest {

    private static String chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        if ("1".equals(System.getenv("NEXTFRAME_REQUIRE_CHROMIUM"))) {
            fail("NEXTFRAME_REQUIRE_CHROMIUM=1 but no chromium binary in /usr/bin (install Debian's 'chromium')");
        }
        Assumptions.abort("headless Chromium not installed (Debian package 'chromium'); report not opened");
        return null;
    }

    @Test
    void chromiumRendersTheTableAndBothImages(@TempDir Path dir) throws IOException, InterruptedException {
        String browser = chromium();
        SvgConfig c = SvgConfig.defaults(SvgKind.LP).withSizes(8, 2, 8, 4).withSteps(3, 4, SkipMode.PENULTIMATE);
        Path model = dir.resolve("m.safetensors");
        try (SvgModel m = new SvgModel(Backends.get("simd"), c, 5)) {
            SvgFiles.save(m, model);
        }
        Path html = dir.resolve("report.html");
        CliWorkflowTest.Result r = CliWorkflowTest.run("eval", "--model", model.toString(), "--sequences", "3",
                "--samples", "2", "--future", "6", "--report", html.toString(), "--quiet");
        assertEquals(0, r.code(), r.all());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.contains("data:image/png;base64,") && page.contains("data:image/gif;base64,"),
                "images are embedded, not linked");
        assertTrue(!page.contains("src=\"http") && !page.contains("src=\"file"), "the page is self-contained");

        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--virtual-time-budget=10000", "--user-data-dir=" + dir.resolve("profile"),
                "--dump-dom", html.toUri().toString()).redirectError(dir.resolve("chromium.err").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
        assertTrue(dom.contains("id=\"metrics\"") && dom.contains("ssim_best") && dom.contains("psnr_best"),
                "the table is in the rendered DOM: " + dom.substring(0, Math.min(500, dom.length()))
                        + Files.readString(dir.resolve("chromium.err")));
        assertTrue(dom.contains("data-images-loaded=\"2\""), "both images decoded by the browser; DOM body: "
                + dom.replaceAll("(?s).*(<body[^>]*>).*", "$1") + " stderr: " + Files.readString(dir.resolve("chromium.err")));
    }
}
