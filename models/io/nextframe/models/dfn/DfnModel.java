package io.nextframe.models.dfn;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.layers.Checkpoint;
import io.nextframe.models.train.CheckpointStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DFN ready for prediction: its network, loaded from a model file or a training checkpoint (the optimizer
 * state in the latter is ignored), and the prediction API. Predictions run without the autograd tape.
 */
public final class DfnModel implements AutoCloseable {
    private final DfnNetwork net;

    public DfnModel(DfnNetwork net) {
        this.net = net;
    }

    public DfnNetwork network() {
        return net;
    }

    public DfnConfig config() {
        return net.config();
    }

    /** Loads a model file or training checkpoint of kind {@code dfn} / {@code dfn-baseline}. */
    public static DfnModel load(Path file, Backend backend) throws IOException {
        Map<String, String> meta = Checkpoint.metadata(file);
        String kind = meta.get("model");
        if (kind != null && !kind.equals("dfn") && !kind.equals("dfn-baseline")) {
            throw new IllegalArgumentException(file + " holds model '" + kind + "', not dfn or dfn-baseline");
        }
        Map<String, HostTensor> state = new LinkedHashMap<>();
        SafeTensors.readAll(file).forEach((k, v) -> {
            if (!k.startsWith(Checkpoint.OPTIMIZER_PREFIX)) {
                state.put(k, v);
            }
        });
        DfnNetwork net = new DfnNetwork(backend, DfnConfig.fromMetadata(meta));
        try {
            net.load(state, true);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        return new DfnModel(net);
    }

    /** Writes the weights as a model file (F32) with the CONTRACTS.md §4 metadata. */
    public void save(Path file) throws IOException {
        SafeTensors.write(file, net.hostStateDict(),
                CheckpointStore.modelMetadata(config().kind(), config().toMetadata()), FileDType.F32);
    }

    /** The prediction of one clip: context (T ≥ P, 1, H, W), first P frames read → (future, 1, H, W). */
    public float[] predict(float[] clip, int[] dims, int future) {
        return predictDetailed(clip, dims, future, false).frames();
    }

    /** Predicted frames and, when asked, the flow (flowX, flowY) of every predicted frame. */
    public record Prediction(int clips, int future, float[] frames, float[] flow) {
    }

    /**
     * Predicts {@code future} frames after the first P frames of each clip; {@code dims} is (T, 1, H, W) or
     * (N, T, 1, H, W). Frames come back as (N, future, 1, H, W) (N = 1 for a single clip); the flow, if asked
     * (not for the baseline), as (N, future, 2, H, W). Invalid input is refused before any compute.
     */
    public Prediction predictDetailed(float[] clip, int[] dims, int future, boolean withFlow) {
        return predictDetailed(clip, dims, config().inputSeqlen(), future, withFlow);
    }

    /**
     * As {@link #predictDetailed(float[], int[], int, boolean)} with {@code past} context frames instead of the
     * trained input_seqlen: the network is recurrent, so it conditions on any number ≥ 1 of frames.
     */
    public Prediction predictDetailed(float[] clip, int[] dims, int past, int future, boolean withFlow) {
        if (past < 1) {
            throw new IllegalArgumentException("DFN predict: past " + past + " must be ≥ 1");
        }
        if (future < 1) {
            throw new IllegalArgumentException("DFN predict: future " + future + " must be ≥ 1");
        }
        if (withFlow && config().baseline()) {
            throw new IllegalArgumentException("DFN predict: the baseline has no dynamic filters to show as flow");
        }
        DfnConfig c = config();
        int[] nt = DfnInputs.check(c, dims, clip, past);
        int n = nt[0], t = nt[1], p = past, s = c.npx();
        Backend be = net.backend();
        try (Grad.Mode off = Grad.off(); Scope scope = be.scope()) {
            Var clips = Var.constant(be.fromFloats(Shape.of(n, t, 1, s, s), clip));
            Var hidden = net.initialHidden(n);
            List<Var> frames = new ArrayList<>();
            List<Var> flows = new ArrayList<>();
            Var input = null;
            for (int i = 0; i < p + future - 1; i++) {
                if (i < p) {
                    input = F.select(clips, 1, i);
                }
                DfnNetwork.Step st = net.step(input, hidden);
                hidden = st.hidden();
                if (i >= p - 1) {
                    frames.add(st.output());
                    if (withFlow) {
                        flows.add(net.flow(st.filters()));
                    }
                    input = st.output();
                }
            }
            float[] out = F.stack(frames, 1).value().toFloatArray();
            float[] flow = withFlow ? F.stack(flows, 1).value().toFloatArray() : null;
            return new Prediction(n, future, out, flow);
        }
    }

    /** Frees the weights. */
    @Override
    public void close() {
        net.close();
    }

    /** The tensor form of {@link #predict}, for callers holding a backend tensor. */
    public float[] predict(Tensor clip, int future) {
        return predict(clip.toFloatArray(), clip.shape().dims(), future);
    }
}
