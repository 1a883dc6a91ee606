package io.nextframe.bench;

/**
 * The SVG frame encoder and decoder of one engine (nextframe or ONNX Runtime) on host arrays, for {@link OnnxPeer}.
 * Batch-major float32 arrays; the encoder gives {h (B, g), skip1 … skip4 (finest first)}, the decoder takes the
 * same five arrays and gives the frame (B, 1, 64, 64).
 */
interface SvgHalves extends AutoCloseable {
    /** An array with its shape (batch first). */
    record Array(float[] data, int[] shape) {
    }

    /** The engine's name as the rows print it. */
    String engine();

    /** One encoder call on frames (B, 1, 64, 64): h then the four skips. */
    Array[] encode(Array frames);

    /** One decoder call on h (or the predictor's g) and the four skips. */
    Array decode(Array[] gAndSkips);

    /** The encoder's work on these frames, inputs uploaded once, so that run() is the call alone. */
    ModelWorkloads.Workload encodeWork(Array frames);

    /** The decoder's work on these inputs, uploaded once. */
    ModelWorkloads.Workload decodeWork(Array[] gAndSkips);

    @Override
    void close();
}
