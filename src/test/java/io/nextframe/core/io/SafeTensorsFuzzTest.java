package io.nextframe.core.io;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutation fuzzing of the reader: random byte flips, digit changes inside the header, insertions, deletions and
 * truncations of a valid file. Every mutant either loads completely or raises {@link ModelFormatException}; any
 * other throwable (an index exception, an OutOfMemoryError, a NumberFormatException) fails the test with the seed.
 */
class SafeTensorsFuzzTest {
    private static final int MUTANTS = 3000;

    @TempDir
    Path dir;

    @Test
    void everyMutantLoadsOrThrowsTheDocumentedException() throws IOException {
        fuzz(MUTANTS, 20261123);
    }

    /** The long campaign (CONTRACTS §2): 10⁶ mutants by default, {@code -Dnextframe.fuzz.mutants=N} to change. */
    @Test
    @Tag("long")
    void longCampaign() throws IOException {
        long n = Long.getLong("nextframe.fuzz.mutants", 1_000_000L);
        long start = System.nanoTime();
        int[] counts = fuzz(n, Long.getLong("nextframe.fuzz.seed", 1L));
        System.out.printf("safetensors fuzz: %d mutants, %d loaded, %d rejected, %.1f s%n", n, counts[0], counts[1],
                (System.nanoTime() - start) / 1e9);
    }

    /** Returns {loaded, rejected}. */
    private int[] fuzz(long mutants, long masterSeed) throws IOException {
        Path valid = dir.resolve("valid.safetensors");
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("a", new HostTensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        m.put("b", new HostTensor(new int[] {4}, new float[] {-1, 0.5f, 7, 8}));
        m.put("c.d", new HostTensor(new int[] {1, 1, 2}, new float[] {3, 4}));
        SafeTensors.write(valid, m, Map.of("model", "dfn", "k", "v"), FileDType.F16);
        byte[] base = Files.readAllBytes(valid);
        int headerEnd = 8 + (int) java.nio.ByteBuffer.wrap(base).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        Random random = new Random(masterSeed);
        int loaded = 0, rejected = 0;
        Path f = dir.resolve("mutant.safetensors");
        for (long i = 0; i < mutants; i++) {
            long seed = random.nextLong();
            byte[] mutant = mutate(base, headerEnd, new Random(seed));
            Files.write(f, mutant);
            try (SafeTensorsFile sf = SafeTensors.read(f)) {
                for (String n : sf.names()) {
                    float[] v = sf.floats(n);
                    if (v.length != sf.entry(n).elements()) {
                        fail("seed " + seed + ": tensor " + n + " has " + v.length + " values");
                    }
                }
                sf.metadata();
                loaded++;
            } catch (ModelFormatException e) {
                rejected++;
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ": mutant raised " + t + "; header: "
                        + new String(mutant, 8, Math.max(0, Math.min(mutant.length, headerEnd) - 8),
                        StandardCharsets.ISO_8859_1), t);
            }
        }
        assertTrue(loaded > 50 && rejected > 50, "mutants must exercise both paths: loaded " + loaded
                + ", rejected " + rejected);
        return new int[] {loaded, rejected};
    }

    private static byte[] mutate(byte[] base, int headerEnd, Random r) {
        byte[] b = base.clone();
        int kind = r.nextInt(7);
        switch (kind) {
            case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8)); // bit flip anywhere
            case 1 -> b[8 + r.nextInt(headerEnd - 8)] = (byte) r.nextInt(256); // any byte in the header
            case 2 -> { // change a digit in the header into another digit, or into a sign / structural char
                int p = 8 + r.nextInt(headerEnd - 8);
                String subst = "0123456789-.,[]{}\"e ";
                b[p] = (byte) subst.charAt(r.nextInt(subst.length()));
            }
            case 3 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncation
            case 4 -> b[r.nextInt(8)] = (byte) r.nextInt(256); // length prefix
            case 5 -> { // delete a byte
                int p = r.nextInt(b.length);
                byte[] c = new byte[b.length - 1];
                System.arraycopy(b, 0, c, 0, p);
                System.arraycopy(b, p + 1, c, p, b.length - p - 1);
                b = c;
            }
            default -> { // several flips in the header
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    b[8 + r.nextInt(headerEnd - 8)] ^= (byte) (1 << r.nextInt(8));
                }
            }
        }
        return b;
    }
}
