package io.nextframe.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * encoder.onnx and decoder.onnx (scripts/export_svg_onnx.py) in ONNX Runtime's CPU execution provider: all graph
 * optimisations, {@code threads} intra-op threads, one inter-op thread (the graphs are chains). Input names are the
 * export's: frame → h, skip1…skip4; g, skip1…skip4 → frame.
 */
final class OrtSvgHalves implements SvgHalves {
    static final List<String> DECODER_INPUTS = List.of("g", "skip1", "skip2", "skip3", "skip4");

    private final OrtEnvironment env;
    private final OrtSession encoder;
    private final OrtSession decoder;

    OrtSvgHalves(Path dir, int threads) {
        try {
            env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                o.setIntraOpNumThreads(threads);
                o.setInterOpNumThreads(1);
                encoder = env.createSession(dir.resolve("encoder.onnx").toString(), o);
                decoder = env.createSession(dir.resolve("decoder.onnx").toString(), o);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: cannot open encoder.onnx/decoder.onnx in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String engine() {
        return "onnxruntime";
    }

    private OnnxTensor upload(Array a) {
        try {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(a.data()),
                    Arrays.stream(a.shape()).asLongStream().toArray());
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: cannot make a tensor of shape "
                    + Arrays.toString(a.shape()) + ": " + e.getMessage(), e);
        }
    }

    private static Array host(ai.onnxruntime.OnnxValue v) {
        OnnxTensor t = (OnnxTensor) v;
        FloatBuffer b = t.getFloatBuffer();
        float[] data = new float[b.remaining()];
        b.get(data);
        return new Array(data, Arrays.stream(t.getInfo().getShape()).mapToInt(Math::toIntExact).toArray());
    }

    private static Map<String, OnnxTensor> named(List<String> names, List<OnnxTensor> values) {
        if (names.size() != values.size()) {
            throw new IllegalArgumentException("ONNX Runtime decoder: " + values.size() + " inputs, expected "
                    + names + " (g and four skips)");
        }
        Map<String, OnnxTensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), values.get(i));
        }
        return m;
    }

    private static Array[] run(OrtSession s, Map<String, OnnxTensor> in) {
        try (OrtSession.Result r = s.run(in)) {
            Array[] out = new Array[r.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = host(r.get(i));
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime run: " + e.getMessage(), e);
        }
    }

    @Override
    public Array[] encode(Array frames) {
        try (OnnxTensor x = upload(frames)) {
            return run(encoder, Map.of("frame", x));
        }
    }

    @Override
    public Array decode(Array[] gAndSkips) {
        List<OnnxTensor> in = Arrays.stream(gAndSkips).map(this::upload).toList();
        try {
            return run(decoder, named(DECODER_INPUTS, in))[0];
        } finally {
            in.forEach(OnnxTensor::close);
        }
    }

    /** The timed call: one session run, outputs left in ONNX Runtime's buffers and released. */
    private static ModelWorkloads.Workload work(OrtSession s, Map<String, OnnxTensor> in) {
        return new ModelWorkloads.Workload() {
            public void run() {
                try (OrtSession.Result r = s.run(in)) {
                    if (r.size() == 0) {
                        throw new IllegalStateException("ONNX Runtime returned no output");
                    }
                } catch (OrtException e) {
                    throw new IllegalStateException("ONNX Runtime run: " + e.getMessage(), e);
                }
            }

            public void close() {
                in.values().forEach(OnnxTensor::close);
            }
        };
    }

    @Override
    public ModelWorkloads.Workload encodeWork(Array frames) {
        return work(encoder, Map.of("frame", upload(frames)));
    }

    @Override
    public ModelWorkloads.Workload decodeWork(Array[] gAndSkips) {
        return work(decoder, named(DECODER_INPUTS, Arrays.stream(gAndSkips).map(this::upload).toList()));
    }

    @Override
    public void close() {
        try {
            encoder.close();
            decoder.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime close: " + e.getMessage(), e);
        }
    }
}
