package io.nextframe.layers;

import java.util.Arrays;
import java.util.List;

/**
 * What a state-dict load found besides the tensors it loaded: keys the module has and the dict lacks (optional
 * buffers excluded), keys the dict has and the module lacks, and keys present on both sides with different shapes.
 */
public record LoadReport(List<String> missing, List<String> unexpected, List<Mismatch> misShaped) {

    public LoadReport {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        misShaped = List.copyOf(misShaped);
    }

    /** A key whose tensor in the module and in the dict differ in shape. */
    public record Mismatch(String key, int[] expected, int[] actual) {
        @Override
        public String toString() {
            return key + ": module " + Arrays.toString(expected) + ", state dict " + Arrays.toString(actual);
        }
    }

    public boolean clean() {
        return missing.isEmpty() && unexpected.isEmpty() && misShaped.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (!missing.isEmpty()) {
            s.append("missing keys ").append(missing);
        }
        if (!unexpected.isEmpty()) {
            s.append(s.isEmpty() ? "" : "; ").append("unexpected keys ").append(unexpected);
        }
        if (!misShaped.isEmpty()) {
            s.append(s.isEmpty() ? "" : "; ").append("mis-shaped keys ").append(misShaped);
        }
        return s.isEmpty() ? "all keys matched" : s.toString();
    }
}
