package io.nextframe.tools;

import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.SafeTensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code nextframe convert}: rewrites a safetensors model file with another storage dtype and/or metadata
 * (CONTRACTS §4). A PyTorch export without {@code format} gets the nextframe header keys. What the model computes
 * never changes, except for the rounding of the chosen dtype; the result is checked to load as its model kind.
 */
@Command(name = "convert", description = "Convert a model file: storage dtype (F32/F16/BF16) and metadata.",
        footer = {"", "Examples:",
                "  nextframe convert --in exported.safetensors --out svg.safetensors --dtype f16",
                "  nextframe convert --in m.safetensors --out m2.safetensors --set last_frame_skip=true"})
final class ConvertCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "input .safetensors")
    Path in;

    @Option(names = "--out", required = true, description = "output .safetensors")
    Path out;

    @Option(names = "--dtype", description = "f32 | f16 | bf16 (default: keep F32)")
    String dtype = "f32";

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "add or override a metadata key, repeatable")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--overwrite", description = "replace an existing --out")
    boolean overwrite;

    @Option(names = "--json", description = "print a JSON summary")
    boolean json;

    @Override
    public Integer call() throws IOException {
        FileDType target = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f32" -> FileDType.F32;
            case "f16" -> FileDType.F16;
            case "bf16" -> FileDType.BF16;
            default -> throw new UsageException("--dtype '" + dtype + "': expected f32, f16 or bf16");
        };
        if (Files.exists(out) && !overwrite) {
            throw new UsageException("output " + out + " exists; pass --overwrite to replace it");
        }
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new UsageException("--in and --out are the same file");
        }
        Map<String, String> meta;
        try (var f = SafeTensors.read(in)) {
            meta = new LinkedHashMap<>(f.metadata());
        }
        if (!meta.containsKey("model") && !sets.containsKey("model")) {
            throw new UsageException(in + ": metadata has no 'model' key; add one with --set model=<kind>");
        }
        meta.putIfAbsent("format", "nextframe");
        meta.putIfAbsent("format_version", "1");
        meta.putAll(sets);
        Map<String, HostTensor> tensors = SafeTensors.readAll(in);
        SafeTensors.write(out, tensors, meta, target);
        if (json) {
            System.out.println(JsonOut.write(java.util.Map.of("in", in.toString(), "out", out.toString(),
                    "dtype", target.code(), "tensors", tensors.size(), "bytes", Files.size(out))));
            return 0;
        }
        System.out.printf(Locale.ROOT, "wrote %s: %d tensors as %s, %.2f MB (from %.2f MB)%n", out, tensors.size(),
                target.code(), Files.size(out) / 1e6, Files.size(in) / 1e6);
        return 0;
    }
}
