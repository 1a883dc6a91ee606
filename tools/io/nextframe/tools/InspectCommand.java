package io.nextframe.tools;

import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code nextframe inspect FILE}: what a safetensors file holds, without loading a model. */
@Command(name = "inspect", description = "Show a .safetensors file's metadata, tensors (name, dtype, shape) and size.",
        footer = {"", "Examples:", "  nextframe inspect runs/svg/model.safetensors",
                "  nextframe inspect svg-lp-smmnist --json"})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a .safetensors file or a built-in model name")
    String file;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--tensors", description = "list every tensor (default: only when there are ≤ 60)")
    boolean allTensors;

    @Override
    public Integer call() throws IOException {
        Path path = io.nextframe.models.api.Predictors.resolve(file);
        try (SafeTensorsFile f = SafeTensors.read(path)) {
            long params = 0;
            Map<String, Long> byDtype = new TreeMap<>();
            Map<String, Long> byPrefix = new LinkedHashMap<>();
            List<Map<String, Object>> tensors = new ArrayList<>();
            for (String name : f.names()) {
                int[] shape = f.shape(name);
                long n = 1;
                for (int d : shape) {
                    n *= d;
                }
                params += n;
                byDtype.merge(f.dtype(name).code(), n, Long::sum);
                int dot = name.indexOf('.');
                byPrefix.merge(dot < 0 ? name : name.substring(0, dot), n, Long::sum);
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("name", name);
                t.put("dtype", f.dtype(name).code());
                t.put("shape", shape);
                tensors.add(t);
            }
            if (json) {
                Map<String, Object> top = new LinkedHashMap<>();
                top.put("file", path.toString());
                top.put("bytes", Files.size(path));
                top.put("metadata", new LinkedHashMap<>(f.metadata()));
                top.put("tensor_count", tensors.size());
                top.put("values", params);
                top.put("values_by_dtype", byDtype);
                top.put("values_by_prefix", byPrefix);
                top.put("tensors", tensors);
                System.out.println(JsonOut.write(top));
                return 0;
            }
            System.out.printf(Locale.ROOT, "%s  (%.2f MB)%n", path, Files.size(path) / 1e6);
            System.out.println("metadata:");
            f.metadata().forEach((k, v) -> System.out.printf("  %-22s %s%n", k, v));
            System.out.printf(Locale.ROOT, "%d tensors, %,d values %s%n", tensors.size(), params, byDtype);
            byPrefix.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-22s %,12d%n", k + ".*", v));
            if (allTensors || tensors.size() <= 60) {
                for (Map<String, Object> t : tensors) {
                    System.out.printf("  %-50s %-5s %s%n", t.get("name"), t.get("dtype"),
                            Arrays.toString((int[]) t.get("shape")));
                }
            }
        }
        return 0;
    }
}
