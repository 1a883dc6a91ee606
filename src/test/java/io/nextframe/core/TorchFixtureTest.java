package io.nextframe.core;

import io.nextframe.core.spi.BackendProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins every backend to PyTorch's semantics: each fixture of src/test/resources/fixtures/torch (see
 * docs/FIXTURES.md) runs through {@code reference}, {@code simd} and {@code opencl}, and every output and gradient
 * must match PyTorch to 1e-4 absolute + 1e-4 relative. The reference backend must always be present; simd and
 * opencl are skipped with the reason when they are not on the class path or their probe says they cannot run here
 * (with {@code NEXTFRAME_REQUIRE_OPENCL=1}, a missing OpenCL provider or device fails instead).
 */
class TorchFixtureTest {
    private static final List<String> BACKENDS = List.of("reference", "simd", "opencl");
    private static final Map<String, Backend> OPEN = new ConcurrentHashMap<>();

    static Path fixtureDir() {
        try {
            var url = TorchFixtureTest.class.getResource("/fixtures/torch");
            if (url == null) {
                throw new IllegalStateException("fixtures/torch is not on the test class path");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> fixtures() throws IOException {
        try (Stream<Path> s = Files.list(fixtureDir())) {
            return s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<Path> all = fixtures();
        return BACKENDS.stream().flatMap(b -> all.stream().map(p -> Arguments.of(b,
                p.getFileName().toString().replace(".safetensors", ""))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void matchesPyTorch(String backendName, String fixture) throws IOException {
        Backend backend = backend(backendName);
        try (TorchFixture f = new TorchFixture(fixtureDir().resolve(fixture + ".safetensors"), backend);
             Scope scope = backend.scope()) {
            TorchFixtureOps.run(f);
            f.assertAllMatched();
        }
        assertTrue(backend.liveTensors() == 0, "the scope closed every tensor of " + fixture + ", "
                + backend.liveTensors() + " left");
    }

    @Test
    void everyFamilyTheIssueNamesHasAFixture() throws IOException {
        List<String> names = fixtures().stream().map(p -> p.getFileName().toString()).toList();
        for (String prefix : List.of("conv2d_s2_p1", "conv2d_s2_p1_groups2", "conv2d_dilation2", "conv1d",
                "conv3d", "conv_transpose2d", "conv_transpose3d", "batch_norm2d_train", "batch_norm2d_eval",
                "lstm_cell", "max_pool2d_k2_s2", "max_pool2d_k3_s2_p1", "avg_pool2d", "upsample_nearest_x2",
                "upsample_nearest_odd", "bilinear_up_align_true", "bilinear_up_align_false",
                "bilinear_down_align_true", "bilinear_down_align_false", "trilinear", "softmax", "log_softmax",
                "leaky_relu", "sigmoid", "tanh")) {
            assertTrue(names.stream().anyMatch(n -> n.startsWith(prefix)), "no fixture for " + prefix);
        }
    }

    /** Opens each backend once per class; skips (or, for a required one, fails) with the reason it is missing. */
    private static Backend backend(String name) {
        Backend open = OPEN.get(name);
        if (open != null) {
            return open;
        }
        Optional<BackendProvider> provider = Backends.providers().stream().filter(p -> p.name().equals(name))
                .findFirst();
        // CI demands OpenCL: then a provider lost from the service file fails too, not only a missing device
        boolean required = name.equals("reference")
                || (name.equals("opencl") && "1".equals(System.getenv("NEXTFRAME_REQUIRE_OPENCL")));
        if (provider.isEmpty()) {
            String reason = "no '" + name + "' backend provider on the class path";
            if (required) {
                throw new AssertionError(reason);
            }
            Assumptions.abort(reason);
        }
        BackendProvider.Availability a = provider.get().probe();
        if (!a.available()) {
            String reason = "backend '" + name + "' is not available here: " + a.reason();
            if (required) {
                throw new AssertionError(reason);
            }
            Assumptions.abort(reason);
        }
        return OPEN.computeIfAbsent(name, Backends::open);
    }

    @AfterAll
    static void closeBackends() {
        OPEN.values().forEach(Backend::close);
        OPEN.clear();
    }
}
