package io.nextframe.models.train;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.ClipSource;
import io.nextframe.data.pipeline.Batch;
import io.nextframe.data.pipeline.BatchLoader;
import io.nextframe.layers.Module;
import io.nextframe.layers.optim.Optimizer;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The training loop every model family shares: for each step, the learning rate from the schedule, the next batch
 * from a {@link BatchLoader} (a pure function of seed and step), the family's {@link StepLoss}, a finite-loss check
 * (NaN/Inf stops the run naming the step, before the optimizer sees the gradient), backward, a finite-gradient
 * check (NaN/Inf stops the run naming the step and the first such parameter), one optimizer update,
 * a {@link LossLog} row and a {@link Progress} line; a checkpoint every {@code checkpointEvery} steps and at the
 * end; a PNG of the curve at the end.
 *
 * <p>Families with more than one update per step (a GAN's discriminator) do the extra update inside their
 * {@link StepLoss} and register its optimizer with {@link #auxiliaryOptimizer} so that checkpoints hold its state;
 * per-step diagnostics (a discriminator's accuracy) go to extra loss-log columns via {@link #columns}.
 *
 * <p>Resume is exact: a checkpoint holds model and optimizer tensors bit for bit, the step, the data position and
 * the random counters (the family's and its dropout layers'), and nothing else influences a step, so the curve after a resume equals the uninterrupted one bitwise on the same
 * backend and thread count (CONTRACTS.md §3).
 */
public final class TrainLoop {
    public static final String PLOT = "loss.png";
    /** The prefix of a model layer's random counter among a checkpoint's counters. */
    static final String MODULE_COUNTER = "module.";

    /** What a run did. */
    public record Result(long firstStep, long lastStep, List<LossLog.Row> rows, double stepsPerSecond) {
    }

    private final Module model;
    private final Optimizer optimizer;
    private final TrainOptions options;
    private final PrintStream log;
    private final java.util.Map<String, Long> rngCounters = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, Optimizer> auxiliary = new java.util.LinkedHashMap<>();
    private List<String> columnNames = List.of();
    private List<String> plotted = List.of();
    private java.util.function.Supplier<double[]> columnValues = () -> new double[0];

    public TrainLoop(Module model, Optimizer optimizer, TrainOptions options, PrintStream log) {
        this.model = model;
        this.optimizer = optimizer;
        this.options = options;
        this.log = log;
    }

    /**
     * Named random counters a family advances inside its steps (e.g. the next Philox stream of a sampler that
     * draws a variable amount); saved in every checkpoint and restored on resume before the first step. Families
     * whose randomness derives from (seed, step) alone need none. Names starting with {@value #MODULE_COUNTER} are
     * reserved for the model's own random layers, which the loop saves and restores by itself.
     */
    public java.util.Map<String, Long> rngCounters() {
        return rngCounters;
    }

    /**
     * Extra loss-log columns: after every step the loop writes {@code values.get()} (one value per name, read after
     * the step's loss) beside the standard columns. A family fills the values inside its {@link StepLoss}.
     */
    public TrainLoop columns(List<String> names, java.util.function.Supplier<double[]> values) {
        this.columnNames = List.copyOf(names);
        this.columnValues = java.util.Objects.requireNonNull(values, "values");
        return this;
    }

    /**
     * Extra columns (among {@link #columns}) whose moving averages {@code loss.png} draws beside the loss: a GAN's
     * discriminator loss, say.
     */
    public TrainLoop plotted(List<String> extraColumns) {
        this.plotted = List.copyOf(extraColumns);
        return this;
    }

    /**
     * An optimizer the family steps itself inside its {@link StepLoss} (the loop neither steps nor zeroes it);
     * checkpoints save and restore its state under {@code optim.<name>.}.
     */
    public TrainLoop auxiliaryOptimizer(String name, Optimizer auxiliaryOptimizer) {
        auxiliary.put(name, java.util.Objects.requireNonNull(auxiliaryOptimizer, "auxiliaryOptimizer"));
        return this;
    }

    /**
     * The counters to checkpoint: the family's own, and every {@link io.nextframe.layers.RandomCounter} layer of the
     * model (dropout masks, samplers) under {@value #MODULE_COUNTER}{@code <path>}, so the masks after a resume are
     * the ones the uninterrupted run draws.
     */
    private java.util.Map<String, Long> savedCounters() {
        for (String k : rngCounters.keySet()) {
            if (k.startsWith(MODULE_COUNTER)) {
                throw new IllegalStateException("TrainLoop: random counter name '" + k + "' uses the prefix '"
                        + MODULE_COUNTER + "' reserved for the model's layers");
            }
        }
        java.util.Map<String, Long> all = new java.util.LinkedHashMap<>(rngCounters);
        model.randomCounters().forEach((path, r) -> all.put(MODULE_COUNTER + path, r.counter()));
        return all;
    }

    private void restoreCounters(java.util.Map<String, Long> saved) {
        var layers = model.randomCounters();
        saved.forEach((k, v) -> {
            if (!k.startsWith(MODULE_COUNTER)) {
                rngCounters.put(k, v);
            } else if (layers.containsKey(k.substring(MODULE_COUNTER.length()))) {
                layers.get(k.substring(MODULE_COUNTER.length())).setCounter(v);
            }
        });
    }

    /**
     * Runs (or resumes) training on {@code data}, batches drawn with {@code loaderOptions} (whose seed should be
     * the run's); returns when {@code options.steps()} steps are complete.
     */
    public Result run(ClipSource data, BatchLoader.Options loaderOptions, StepLoss stepLoss) throws IOException {
        if (!columnNames.containsAll(plotted)) {
            throw new IllegalArgumentException("TrainLoop: plotted columns " + plotted + " are not all among the "
                    + "extra columns " + columnNames);
        }
        CheckpointStore store = new CheckpointStore(options.out());
        TrainingState state = TrainingState.start(options.seed());
        BatchLoader loader;
        if (options.resume() && store.exists()) {
            state = store.load(model, optimizer, auxiliary, options.kind());
            if (state.seed() != options.seed()) {
                throw new IllegalArgumentException("resume: the checkpoint was trained with seed " + state.seed()
                        + ", this run asks for " + options.seed());
            }
            loader = BatchLoader.restore(data, loaderOptions, state.data());
            rngCounters.clear();
            restoreCounters(state.rngCounters());
            log.println("resumed " + options.kind() + " from " + store.current().getFileName() + " at step "
                    + state.step());
        } else {
            loader = new BatchLoader(data, loaderOptions);
        }
        long first = state.step();
        Backend be = model.backend();
        model.train();
        Progress progress = new Progress(log, options.logEvery(), options.steps(), first, Progress.stdoutIsTerminal());
        long t0 = System.nanoTime();
        long end = options.steps();
        try (loader; LossLog losses = LossLog.open(options.out(), first, columnNames);
             StopRequest stop = new StopRequest()) {
            for (long s = first; s < end; s++) {
                double lr = options.learningRate().applyAsDouble(s);
                optimizer.setLr(lr);
                Batch batch = loader.next();
                double loss;
                try (Scope scope = be.scope()) {
                    Tensor x = batch.toTensor(be);
                    Var l = stepLoss.loss(x, s);
                    loss = l.item();
                    if (!Double.isFinite(loss)) {
                        optimizer.zeroGrad();
                        throw new NonFiniteLossException(s + 1, loss);
                    }
                    l.backward();
                    try {
                        GradientCheck.check(be, model.trainableParameters(), s + 1);
                    } catch (NonFiniteGradientException e) {
                        optimizer.zeroGrad();
                        throw e;
                    }
                }
                optimizer.step();
                optimizer.zeroGrad();
                long done = s + 1;
                double[] extra = columnValues.get();
                if (extra.length != columnNames.size()) {
                    throw new IllegalStateException("TrainLoop: " + extra.length + " extra column values for the "
                            + "columns " + columnNames);
                }
                List<Double> extras = new java.util.ArrayList<>(extra.length);
                for (double v : extra) {
                    extras.add(v);
                }
                losses.add(new LossLog.Row(done, loss, lr, (System.nanoTime() - t0) / 1e9, extras));
                progress.completed(done, loss, lr);
                boolean stopping = stop.requested() && done < options.steps();
                if (stopping) {
                    log.println("stop requested: checkpoint at step " + done + " (resume with --resume)");
                    end = done;
                }
                boolean last = done == end;
                if (last || (options.checkpointEvery() > 0 && done % options.checkpointEvery() == 0)) {
                    state = new TrainingState(done, options.seed(), loader.state(), savedCounters());
                    losses.sync(); // the log on disk must reach the checkpoint's step before the checkpoint exists
                    store.save(model, optimizer, auxiliary, options.kind(), options.config(), state);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<LossLog.Row> rows = losses.rows();
            if (!rows.isEmpty()) {
                LossChart.write(options.out().resolve(PLOT), rows, columnNames, plotted);
            }
            long ran = end - first;
            return new Result(first, Math.max(first, end), rows, ran > 0 ? ran / seconds : 0);
        }
    }
}
