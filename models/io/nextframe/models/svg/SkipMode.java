package io.nextframe.models.svg;

/**
 * Which encoder pass provides the decoder's skip connections (CONTRACTS §4). With P context frames, step i encodes
 * frame i−1 and refreshes the skips when:
 * <ul>
 *   <li>{@link #PENULTIMATE}: i &lt; P, so the skips come from frame P−2 (the authors' code, last_frame_skip false);</li>
 *   <li>{@link #EVERY_STEP}: always, generated frames included (last_frame_skip true);</li>
 *   <li>{@link #LAST_CONTEXT}: i ≤ P, so the skips come from the last ground-truth frame P−1 (the thesis).</li>
 * </ul>
 */
public enum SkipMode {
    PENULTIMATE("penultimate"), EVERY_STEP("every-step"), LAST_CONTEXT("last-context");

    private final String id;

    SkipMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether step i (1-based, encoding frame i−1) refreshes the skips, with {@code past} context frames. */
    public boolean refresh(int i, int past) {
        return switch (this) {
            case PENULTIMATE -> i < past;
            case EVERY_STEP -> true;
            case LAST_CONTEXT -> i <= past;
        };
    }

    /** The fewest context frames for which some step refreshes the skips before the first prediction. */
    public int minimumPast() {
        return this == PENULTIMATE ? 2 : 1;
    }

    public static SkipMode of(String id) {
        for (SkipMode m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("SVG: skip mode '" + id + "' is not one of penultimate, every-step, "
                + "last-context");
    }
}
