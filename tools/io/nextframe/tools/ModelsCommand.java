package io.nextframe.tools;

import io.nextframe.core.io.SafeTensors;
import io.nextframe.models.api.BuiltinModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code nextframe models}: the built-in models (whether this build ships their weights, their config and the
 * metrics recorded in their metadata under {@code eval.*}), and with {@code --dir} the model files of a folder.
 */
@Command(name = "models", description = "List built-in models and the model files of a folder.",
        footer = {"", "Examples:", "  nextframe models", "  nextframe models --dir runs --json"})
final class ModelsCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "also list the .safetensors model files under this folder")
    Path dir;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BuiltinModels.Entry e : BuiltinModels.all()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", e.name());
            r.put("kind", e.kind());
            r.put("builtin", true);
            r.put("available", BuiltinModels.available(e.name()));
            r.put("description", e.description());
            if (BuiltinModels.available(e.name())) {
                describe(BuiltinModels.file(e.name()), r);
            }
            rows.add(r);
        }
        if (dir != null) {
            if (!Files.isDirectory(dir)) {
                throw new UsageException("--dir " + dir + " is not a directory");
            }
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir, 4)) {
                files = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
            }
            for (Path f : files) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("name", f.toString());
                r.put("builtin", false);
                try {
                    describe(f, r);
                    r.put("kind", r.remove("model"));
                } catch (IOException | RuntimeException ex) {
                    r.put("error", ex.getMessage());
                }
                rows.add(r);
            }
        }
        if (json) {
            System.out.println(JsonOut.write(rows));
            return 0;
        }
        for (Map<String, Object> r : rows) {
            String status = Boolean.FALSE.equals(r.get("available")) ? "not shipped yet"
                    : r.containsKey("error") ? "unreadable: " + r.get("error")
                    : String.format("%,d parameters", (Long) r.getOrDefault("parameters", 0L));
            System.out.printf("%-26s %-18s %s%n", r.get("name"), r.get("kind"), status);
            if (r.get("description") != null) {
                System.out.printf("%-26s %s%n", "", r.get("description"));
            }
            Object metrics = r.get("metrics");
            if (metrics instanceof Map<?, ?> m) {
                m.forEach((k, v) -> System.out.printf("%-26s %s = %s%n", "", k, v));
            }
        }
        return 0;
    }

    private static void describe(Path file, Map<String, Object> r) throws IOException {
        try (var f = SafeTensors.read(file)) {
            long n = 0;
            for (String name : f.names()) {
                long c = 1;
                for (int d : f.shape(name)) {
                    c *= d;
                }
                n += c;
            }
            Map<String, String> config = new TreeMap<>();
            Map<String, String> metrics = new TreeMap<>();
            f.metadata().forEach((k, v) -> {
                if (k.startsWith("eval.") || k.startsWith("train.")) {
                    metrics.put(k, v);
                } else if (!k.equals("format") && !k.equals("format_version")) {
                    config.put(k, v);
                }
            });
            r.put("model", f.metadata().get("model"));
            r.put("parameters", n);
            r.put("bytes", Files.size(file));
            r.put("config", config);
            r.put("metrics", metrics);
        }
    }
}
