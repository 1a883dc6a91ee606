package io.nextframe.data;

import io.nextframe.data.media.FrameOptions;
import io.nextframe.data.media.FrameReader;
import io.nextframe.data.media.NpyClips;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The {@code --input} of predict and eval (CONTRACTS §5): a {@code .npy} or {@code .gif} file; a directory of image
 * files (one clip, frames in natural name order); or a directory of {@code .npy}/{@code .gif} files or sub-folders
 * of frames (many clips, sorted; a directory with both frames and clip files is an error). Each input file becomes
 * one {@link Group} (one output file); a batch {@code .npy} holds several clips, whose ids add {@code #n}.
 * Clip id = the path relative to the input root with '/', without extension.
 */
public final class ClipInputs {
    /** One clip and its id. */
    public record InputClip(String id, Clip clip) {
    }

    /**
     * The clips of one input file or frame folder.
     *
     * @param id    the input's id (relative path without extension)
     * @param batch whether it is a batch file (output gets a leading N axis)
     */
    public record Group(String id, List<InputClip> clips, boolean batch) {
    }

    /** The whole input: its groups, and whether it was a single input (output is a file, not a directory). */
    public record Inputs(List<Group> groups, boolean single) {
        public int clipCount() {
            return groups.stream().mapToInt(g -> g.clips().size()).sum();
        }
    }

    private ClipInputs() {
    }

    /**
     * Reads {@code input}, converting every clip under {@code options} (the model's channels and size, with
     * conversion and resizing only where allowed). {@code layout} applies to .npy files (null: by rank).
     */
    public static Inputs read(Path input, String layout, FrameOptions options) throws IOException {
        if (!Files.exists(input)) {
            throw new DataFormatException(input, "no such file or directory (--input)");
        }
        if (!Files.isDirectory(input)) {
            return new Inputs(List.of(readFile(input, stem(input.getFileName().toString()), layout, options)), true);
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(input)) {
            s.filter(p -> !p.getFileName().toString().startsWith(".")).forEach(entries::add);
        }
        if (entries.isEmpty()) {
            throw new DataFormatException(input, "an empty directory; expected frames, .npy/.gif files or folders");
        }
        boolean frames = entries.stream().anyMatch(p -> Files.isRegularFile(p)
                && FrameReader.FRAME_EXTENSIONS.contains(ext(p)));
        boolean clips = entries.stream().anyMatch(p -> Files.isDirectory(p) || ext(p).equals("npy")
                || ext(p).equals("gif"));
        if (frames && clips) {
            throw new DataFormatException(input, "holds both frame images and clip files/folders; give either a folder "
                    + "of frames (one clip) or a folder of clips");
        }
        if (frames) {
            Clip c = FrameReader.readDirectory(input, options);
            String id = input.getFileName() == null ? "clip" : input.getFileName().toString();
            return new Inputs(List.of(new Group(id, List.of(new InputClip(id, c)), false)), true);
        }
        List<Path> all = new ArrayList<>();
        collect(input, all);
        all.sort(null);
        List<Group> groups = new ArrayList<>();
        for (Path p : all) {
            String rel = input.relativize(p).toString().replace('\\', '/');
            if (Files.isDirectory(p)) {
                Clip c = FrameReader.readDirectory(p, options);
                groups.add(new Group(rel, List.of(new InputClip(rel, c)), false));
            } else {
                groups.add(readFile(p, stem(rel), layout, options));
            }
        }
        if (groups.isEmpty()) {
            throw new DataFormatException(input, "holds no .npy/.gif files or frame folders");
        }
        return new Inputs(groups, false);
    }

    /** Clip files and leaf folders of frames under {@code dir}, recursively. */
    private static void collect(Path dir, List<Path> out) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> !p.getFileName().toString().startsWith(".")).forEach(entries::add);
        }
        for (Path p : entries) {
            if (Files.isDirectory(p)) {
                boolean leaf;
                try (Stream<Path> s = Files.list(p)) {
                    leaf = s.anyMatch(q -> Files.isRegularFile(q) && FrameReader.FRAME_EXTENSIONS.contains(ext(q)));
                }
                if (leaf) {
                    out.add(p);
                } else {
                    collect(p, out);
                }
            } else if (ext(p).equals("npy") || ext(p).equals("gif")) {
                out.add(p);
            } else {
                throw new DataFormatException(p, "not a clip file; a folder of clips holds .npy/.gif files and "
                        + "folders of frames");
            }
        }
    }

    private static Group readFile(Path file, String id, String layout, FrameOptions options) throws IOException {
        switch (ext(file)) {
            case "gif" -> {
                return new Group(id, List.of(new InputClip(id, FrameReader.readGif(file, options))), false);
            }
            case "npy" -> {
                NpyClips npy = NpyClips.open(file, layout);
                boolean batch = npy.layout().indexOf('N') >= 0;
                List<InputClip> clips = new ArrayList<>();
                for (long n = 0; n < npy.size(); n++) {
                    String cid = batch ? id + "#" + n : id;
                    clips.add(new InputClip(cid, ClipConversion.apply(npy.clip(n), options, file + (batch ? "#" + n
                            : ""))));
                }
                return new Group(id, clips, batch);
            }
            default -> throw new DataFormatException(file, "unsupported input '." + ext(file)
                    + "'; expected a .npy or .gif file or a directory of frames");
        }
    }

    private static String ext(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        int slash = name.lastIndexOf('/');
        return dot > slash + 1 ? name.substring(0, dot) : name;
    }
}
