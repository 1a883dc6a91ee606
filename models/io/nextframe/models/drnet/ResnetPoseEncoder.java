package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.layers.BatchNorm;
import io.nextframe.layers.Block;
import io.nextframe.layers.Conv;
import io.nextframe.layers.Pool;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Sequential;
import io.nextframe.models.svg.SvgEncoder;

import java.util.List;

/**
 * models/resnet_64.py {@code pose_encoder} (pose_model {@code resnet}): {@code main} = the authors' resnet18 —
 * conv1 5×5 stride 2 pad 3 (64² → 33²), BN, ReLU, max pool 3/2/1 (→ 17²), layer1 … layer4 of two BasicBlocks each
 * (64, 128, 256, 512 planes; stride 2 and a 1×1 downsample at the start of layers 2–4: 17² → 9² → 5² → 3²),
 * conv_out 3×3 valid to pose_dim (→ 1²), bn_out, Tanh; convolutions with bias. Optional unit-norm output. Keys
 * {@code main.conv1.*}, {@code main.layer2.0.downsample.0.*}, {@code main.conv_out.*}, {@code main.bn_out.*}.
 * Its widths are the code's (nf is ignored).
 */
final class ResnetPoseEncoder extends SvgEncoder {
    private final Resnet18 main;
    private final boolean normalize;

    ResnetPoseEncoder(Backend b, int dim, int nc, boolean normalize, Rng rng) {
        super(b, dim);
        this.normalize = normalize;
        main = child("main", new Resnet18(b, dim, nc, rng));
    }

    @Override
    public Encoded encode(Var x) {
        Var h = F.reshape(main.forward(x), x.dim(0), dim);
        return new Encoded(normalize ? DrnetBlocks.unitNorm(h) : h, List.of());
    }

    /** resnet18 of resnet_64.py. */
    static final class Resnet18 extends Block {
        private final Conv conv1;
        private final BatchNorm bn1;
        private final Pool maxpool;
        private final List<Sequential> layers;
        private final Conv convOut;
        private final BatchNorm bnOut;

        Resnet18(Backend b, int dim, int nc, Rng rng) {
            super(b);
            conv1 = child("conv1", Conv.conv2d(b, nc, 64, 5, 2, 3, rng));
            bn1 = child("bn1", new BatchNorm(b, 64));
            maxpool = new Pool(b, new PoolSpec(PoolSpec.Kind.MAX, new int[] {3, 3}, new int[] {2, 2},
                    new int[] {1, 1}));
            layers = List.of(child("layer1", layer(b, 64, 64, 1, rng)), child("layer2", layer(b, 64, 128, 2, rng)),
                    child("layer3", layer(b, 128, 256, 2, rng)), child("layer4", layer(b, 256, 512, 2, rng)));
            convOut = child("conv_out", Conv.conv2d(b, 512, dim, 3, 1, 0, rng));
            bnOut = child("bn_out", new BatchNorm(b, dim));
        }

        private static Sequential layer(Backend b, int in, int planes, int stride, Rng rng) {
            return new Sequential(b, new BasicBlock(b, in, planes, stride, rng),
                    new BasicBlock(b, planes, planes, 1, rng));
        }

        @Override
        public Var forward(Var x) {
            Var h = maxpool.forward(F.relu(bn1.forward(conv1.forward(x))));
            for (Sequential l : layers) {
                h = l.forward(h);
            }
            return F.tanh(bnOut.forward(convOut.forward(h)));
        }
    }

    /** BasicBlock: relu(bn2(conv2(relu(bn1(conv1(x))))) + residual), residual downsampled when the shape changes. */
    static final class BasicBlock extends Block {
        private final Conv conv1;
        private final BatchNorm bn1;
        private final Conv conv2;
        private final BatchNorm bn2;
        private final Sequential downsample;

        BasicBlock(Backend b, int in, int planes, int stride, Rng rng) {
            super(b);
            conv1 = child("conv1", Conv.conv2d(b, in, planes, 3, stride, 1, rng));
            bn1 = child("bn1", new BatchNorm(b, planes));
            conv2 = child("conv2", Conv.conv2d(b, planes, planes, 3, 1, 1, rng));
            bn2 = child("bn2", new BatchNorm(b, planes));
            downsample = stride != 1 || in != planes ? child("downsample", new Sequential(b,
                    Conv.conv2d(b, in, planes, 1, stride, 0, rng), new BatchNorm(b, planes))) : null;
        }

        @Override
        public Var forward(Var x) {
            Var out = bn2.forward(conv2.forward(F.relu(bn1.forward(conv1.forward(x)))));
            Var residual = downsample == null ? x : downsample.forward(x);
            return F.relu(F.add(out, residual));
        }
    }

}
