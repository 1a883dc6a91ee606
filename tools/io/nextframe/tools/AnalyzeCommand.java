package io.nextframe.tools;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.models.api.Predictors;
import io.nextframe.models.svg.analysis.PriorSigma;
import io.nextframe.models.svg.analysis.SvgAnalyses;
import io.nextframe.models.svg.analysis.TrajectoryDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code nextframe analyze}: the SVG thesis's two diagnostic experiments on a model file, built-in model or training
 * checkpoint — σ_ψ of the learned prior versus time around wall collisions, and the trajectory-distribution test
 * (docs/MODELS.md). Each writes JSON, CSV/PNG into {@code --out}.
 */
@Command(name = "analyze", description = "SVG diagnostics: learned-prior σ vs time at collisions; trajectory distributions.",
        footer = {"", "Examples:",
                "  nextframe analyze prior-sigma --model svg-lp-smmnist --clips 500 --steps 100 --out analysis/",
                "  nextframe analyze trajectories --model svg-lp-smmnist --clips 20 --samples 100 --out analysis/"})
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WHAT", description = "prior-sigma | trajectories")
    String what;

    @Option(names = "--model", description = "SVG model file, checkpoint or built-in name (default ${DEFAULT-VALUE})")
    String model = "svg-lp-smmnist";

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--clips", description = "clips (default: 100 for prior-sigma, 20 for trajectories)")
    Integer clips;

    @Option(names = "--steps", description = "generated steps (default: 50 / 30)")
    Integer steps;

    @Option(names = "--samples", description = "trajectories: samples per clip (default ${DEFAULT-VALUE})")
    int samples = 50;

    @Option(names = "--truth", description = "trajectories: true continuations per clip (default ${DEFAULT-VALUE})")
    int truth = 1000;

    @Option(names = "--batch", description = "clips per forward pass (default ${DEFAULT-VALUE})")
    int batch = 25;

    @Option(names = "--backend", description = "backend name or auto (default ${DEFAULT-VALUE})")
    String backend = "auto";

    @Option(names = "--json", description = "print the summary as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        String w = what.toLowerCase(Locale.ROOT);
        if (!w.equals("prior-sigma") && !w.equals("trajectories")) {
            throw new UsageException("analyze: '" + what + "' is not prior-sigma or trajectories");
        }
        Path file = Predictors.resolve(model);
        try (Backend b = Backends.open(backend)) {
            SvgAnalyses.Loaded l = SvgAnalyses.load(file, b);
            try (var m = l.model()) {
                String label = file.getFileName() + (l.step() >= 0 ? ", step " + l.step() : "");
                if (w.equals("prior-sigma")) {
                    if (m.config().kind() != io.nextframe.models.svg.SvgKind.LP) {
                        throw new UsageException("analyze prior-sigma: the model is " + m.config().kind().id()
                                + "; only svg-lp has a learned prior");
                    }
                    PriorSigma.Options o = PriorSigma.Options.defaults();
                    o = o.withSizes(clips == null ? o.clips() : clips, steps == null ? o.steps() : steps, batch);
                    PriorSigma.Result r = SvgAnalyses.priorSigma(m, o, label, out);
                    if (json) {
                        System.out.println(JsonOut.write(java.util.Map.of("analysis", "prior-sigma",
                                "ratio_rollout", r.generatedRatio().afterContext(),
                                "ratio_real_frames", r.teacherForcedRatio().afterContext(),
                                "peaks_rollout", new int[] {r.generatedPeaks().peaked(), r.generatedPeaks().collisions()},
                                "peaks_real_frames", new int[] {r.teacherForcedPeaks().peaked(),
                                        r.teacherForcedPeaks().collisions()}, "out", out.toString())));
                        return 0;
                    }
                    System.out.printf(Locale.ROOT, "σ_ψ near collisions / elsewhere: %.3f in rollouts, %.3f fed real "
                                    + "frames; peaks at collisions %d/%d (rollouts), %d/%d (real frames); files in %s%n",
                            r.generatedRatio().afterContext(), r.teacherForcedRatio().afterContext(),
                            r.generatedPeaks().peaked(), r.generatedPeaks().collisions(),
                            r.teacherForcedPeaks().peaked(), r.teacherForcedPeaks().collisions(), out);
                } else {
                    TrajectoryDistribution.Options o = TrajectoryDistribution.Options.defaults();
                    o = o.withSizes(clips == null ? o.clips() : clips, samples, steps == null ? o.steps() : steps,
                            truth);
                    TrajectoryDistribution.Result r = SvgAnalyses.trajectories(m, o, label, out);
                    if (json) {
                        System.out.println(JsonOut.write(java.util.Map.of("analysis", "trajectories",
                                "tv_before", r.tvBefore(), "tv_floor_before", r.floorBefore(), "tv_after", r.tvAfter(),
                                "tv_floor_after", r.floorAfter(), "out", out.toString())));
                        return 0;
                    }
                    System.out.printf(Locale.ROOT, "total variation to the true velocity distribution: %.3f before "
                                    + "the first collision (sampling floor %.3f), %.3f after (floor %.3f); files in %s%n",
                            r.tvBefore(), r.floorBefore(), r.tvAfter(), r.floorAfter(), out);
                }
            }
        }
        return 0;
    }
}
