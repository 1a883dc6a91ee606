package io.nextframe.fuzz;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.data.Clip;
import io.nextframe.data.media.GifWriter;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyType;
import io.nextframe.data.mnist.IdxFile;
import io.nextframe.layers.Rng;
import io.nextframe.models.crossconv.CrossConvConfig;
import io.nextframe.models.crossconv.CrossConvFiles;
import io.nextframe.models.crossconv.CrossConvNet;
import io.nextframe.models.crossconv.CrossConvSettings;
import io.nextframe.models.crossconv.CrossConvTrainer;
import io.nextframe.models.crossconv.LatentBank;
import io.nextframe.models.dfn.DfnConfig;
import io.nextframe.models.dfn.DfnModel;
import io.nextframe.models.dfn.DfnNetwork;
import io.nextframe.models.drnet.DrnetConfig;
import io.nextframe.models.drnet.DrnetFiles;
import io.nextframe.models.drnet.DrnetLstmConfig;
import io.nextframe.models.drnet.DrnetLstmModel;
import io.nextframe.models.drnet.DrnetModel;
import io.nextframe.models.lapgan.Lapgan;
import io.nextframe.models.lapgan.LapganConfig;
import io.nextframe.models.lapgan.LapganFiles;
import io.nextframe.layers.Resamplers;
import io.nextframe.models.videogan.ConditionalVideoGan;
import io.nextframe.models.videogan.VideoGanConfig;
import io.nextframe.models.videogan.VideoGanFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the seed inputs of the coverage-guided fuzz targets into {@code src/test/resources/io/nextframe/fuzz/}:
 * small valid files of each format (the fuzzer's starting points; replayed by the default {@code mvn test}).
 * Run once from the repository root after a format changes:
 * {@code mvn -o -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.nextframe.fuzz.FuzzSeeds}.
 */
public final class FuzzSeeds {
    private static final Path ROOT = Path.of("src/test/resources/io/nextframe/fuzz");

    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        safetensors(dir("SafeTensorsCoverageFuzzTest", "readEveryTensor"));
        Path idx = dir("IdxCoverageFuzzTest", "read");
        byte[] digits = new byte[2 * 5 * 4];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (byte) (i * 37);
        }
        new IdxFile(new int[] {2, 5, 4}, digits).write(idx.resolve("seed-images.idx"), false);
        new IdxFile(new int[] {2, 5, 4}, digits).write(idx.resolve("seed-images.idx.gz"), true);
        new IdxFile(new int[] {3}, new byte[] {1, 7, 9}).write(idx.resolve("seed-labels.idx"), false);

        Path npy = dir("NpyCoverageFuzzTest", "openAndReadClips");
        Clip clip = clip(3, 1, 6, 5);
        Npy.writeClip(npy.resolve("seed-tchw-f32.npy"), clip, NpyType.FLOAT32, false);
        Npy.writeClip(npy.resolve("seed-thw-u8.npy"), clip, NpyType.UINT8, true);
        Npy.write(npy.resolve("seed-ntchw-f32.npy"), new int[] {2, 2, 1, 3, 2}, ramp(24), NpyType.FLOAT32);

        Clip rgb = clip(3, 3, 6, 5);
        Path png = dir("ImageCoverageFuzzTest", "png");
        ImageIO.write(GifWriter.frames(clip).getFirst(), "png", png.resolve("seed-gray.png").toFile());
        ImageIO.write(GifWriter.frames(rgb).getFirst(), "png", png.resolve("seed-rgb.png").toFile());
        BufferedImage argb = new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0x80FF2010);
        ImageIO.write(argb, "png", png.resolve("seed-alpha.png").toFile());
        Path gif = dir("ImageCoverageFuzzTest", "gif");
        GifWriter.write(gif.resolve("seed-gray.gif"), clip, 40);
        GifWriter.write(gif.resolve("seed-rgb.gif"), rgb, 40);
        Path jpeg = dir("ImageCoverageFuzzTest", "jpeg");
        ImageIO.write(GifWriter.frames(rgb).getFirst(), "jpg", jpeg.resolve("seed-rgb.jpg").toFile());
        ImageIO.write(GifWriter.frames(clip).getFirst(), "jpg", jpeg.resolve("seed-gray.jpg").toFile());

        models(dir("ModelMetadataCoverageFuzzTest", "open"));
    }

    private static void safetensors(Path d) throws IOException {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("a", new HostTensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        m.put("b", new HostTensor(new int[] {4}, new float[] {-1, 0.5f, 7, 8}));
        m.put("c.d", new HostTensor(new int[] {1, 1, 2}, new float[] {3, 4}));
        SafeTensors.write(d.resolve("seed-f16.safetensors"), m, Map.of("model", "dfn", "k", "v"), FileDType.F16);
        SafeTensors.write(d.resolve("seed-f32.safetensors"), m, Map.of(), FileDType.F32);
        SafeTensors.write(d.resolve("seed-bf16.safetensors"), m, Map.of("format", "nextframe"), FileDType.BF16);
        // written by Python: F64, I64 and a metadata key with quotes and a non-ASCII letter
        Files.copy(Path.of("src/test/resources/fixtures/safetensors/python_dtypes.safetensors"),
                d.resolve("seed-python-dtypes.safetensors"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void models(Path d) throws IOException {
        Backend b = Backends.get("reference");
        try (DfnModel dfn = new DfnModel(new DfnNetwork(b, DfnConfig.tiny()))) {
            dfn.save(d.resolve("seed-dfn.safetensors"));
        }
        try (DfnModel dfn = new DfnModel(new DfnNetwork(b, DfnConfig.tiny().withBaseline(true)))) {
            dfn.save(d.resolve("seed-dfn-baseline.safetensors"));
        }
        CrossConvConfig c = CrossConvConfig.tiny();
        try (CrossConvNet net = new CrossConvNet(b, c, new Rng(4))) {
            LatentBank bank = new LatentBank(c.zSize());
            bank.add(new float[c.zSize()]);
            CrossConvFiles.save(net, CrossConvSettings.of(c, CrossConvTrainer.Mode.CVAE), bank,
                    d.resolve("seed-crossconv.safetensors"));
        }
        DrnetConfig drnet = DrnetConfig.code().withModels("dcgan_unet", "dcgan", 3).withSizes(8, 3, 8, 4)
                .withTraining(4, 0.002, 4);
        try (DrnetModel content = new DrnetModel(b, drnet, 3);
             DrnetLstmModel m = new DrnetLstmModel(b, DrnetLstmConfig.code(drnet).withSizes(16, 2)
                     .withTraining(2, 2, 0.01, 4), 4).adopt(content)) {
            DrnetFiles.save(m, d.resolve("seed-drnet-lstm.safetensors"));
        }
        try (ConditionalVideoGan m = new ConditionalVideoGan(b, VideoGanConfig.tiny(1), true, new Rng(1))) {
            VideoGanFiles.saveConditional(m, d.resolve("seed-videogan-2s-cond.safetensors"));
        }
        try (Lapgan m = new Lapgan(b, LapganConfig.tiny(0), Resamplers.blockMeanBilinear(), new Rng(1))) {
            LapganFiles.save(m, LapganFiles.BLOCK_MEAN_BILINEAR, d.resolve("seed-lapgan.safetensors"));
        }
        Files.copy(Path.of("src/test/resources/fixtures/svg/svg_det_dcgan.safetensors"),
                d.resolve("seed-svg-det.safetensors"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Clip clip(int t, int c, int h, int w) {
        return new Clip(t, c, h, w, ramp(t * c * h * w));
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i * 7 % 16) / 15f;
        }
        return v;
    }

    private static Path dir(String test, String method) throws IOException {
        return Files.createDirectories(ROOT.resolve(test + "Inputs").resolve(method));
    }
}
