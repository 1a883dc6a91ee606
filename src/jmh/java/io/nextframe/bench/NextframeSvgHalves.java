package io.nextframe.bench;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.models.svg.SvgDecoder;
import io.nextframe.models.svg.SvgEncoder;
import io.nextframe.models.svg.SvgFiles;
import io.nextframe.models.svg.SvgModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The encoder and decoder modules of an SVG model file (scripts/export_svg_onnx.py writes svg-lp.safetensors) on a
 * nextframe backend, in evaluation mode (BatchNorm with the running statistics, as the ONNX graphs).
 */
final class NextframeSvgHalves implements SvgHalves {
    private final Backend be;
    private final SvgModel model;
    private final SvgEncoder encoder;
    private final SvgDecoder decoder;

    NextframeSvgHalves(Backend be, Path modelFile) {
        this.be = be;
        try {
            model = SvgFiles.load(modelFile, be);
        } catch (IOException e) {
            throw new UncheckedIOException("nextframe: cannot load " + modelFile, e);
        }
        model.eval();
        // the modules by their state-dict prefix: SvgModel keeps the typed accessors package-private
        encoder = (SvgEncoder) model.children().get("encoder");
        decoder = (SvgDecoder) model.children().get("decoder");
    }

    @Override
    public String engine() {
        return "nextframe";
    }

    private Tensor upload(Array a) {
        return be.unscoped(be.fromFloats(Shape.of(a.shape()), a.data()));
    }

    private static Array host(Tensor t) {
        return new Array(t.toFloatArray(), t.shape().dims());
    }

    @Override
    public Array[] encode(Array frames) {
        try (Tensor x = upload(frames); Scope _ = be.scope(); Grad.Mode _ = Grad.off()) {
            SvgEncoder.Encoded e = encoder.encode(Var.constant(x));
            List<Array> out = new ArrayList<>();
            out.add(host(e.h().value()));
            e.skips().forEach(v -> out.add(host(v.value())));
            return out.toArray(Array[]::new);
        }
    }

    @Override
    public Array decode(Array[] gAndSkips) {
        List<Tensor> in = Arrays.stream(gAndSkips).map(this::upload).toList();
        try (Scope _ = be.scope(); Grad.Mode _ = Grad.off()) {
            return host(decoder.decode(Var.constant(in.getFirst()),
                    in.subList(1, in.size()).stream().map(Var::constant).toList()).value());
        } finally {
            in.forEach(Tensor::close);
        }
    }

    @Override
    public ModelWorkloads.Workload encodeWork(Array frames) {
        Tensor x = upload(frames);
        return new ModelWorkloads.Workload() {
            public void run() {
                try (Scope _ = be.scope(); Grad.Mode _ = Grad.off()) {
                    encoder.encode(Var.constant(x));
                }
            }

            public void close() {
                x.close();
            }
        };
    }

    @Override
    public ModelWorkloads.Workload decodeWork(Array[] gAndSkips) {
        List<Tensor> in = Arrays.stream(gAndSkips).map(this::upload).toList();
        return new ModelWorkloads.Workload() {
            public void run() {
                try (Scope _ = be.scope(); Grad.Mode _ = Grad.off()) {
                    decoder.decode(Var.constant(in.getFirst()),
                            in.subList(1, in.size()).stream().map(Var::constant).toList());
                }
            }

            public void close() {
                in.forEach(Tensor::close);
            }
        };
    }

    @Override
    public void close() {
        model.close();
    }
}
