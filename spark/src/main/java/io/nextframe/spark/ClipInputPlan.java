package io.nextframe.spark;

import io.nextframe.data.DataFormatException;
import io.nextframe.data.media.FrameReader;
import io.nextframe.data.media.NpyClips;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The driver's view of {@code --input} for the Spark verbs: the same rules as the single-machine verbs
 * ({@code io.nextframe.data.ClipInputs}, CONTRACTS §5), but listing clips instead of reading them, so that only
 * file names and .npy headers are read on the driver. Adds two input kinds: a glob ({@code 'clips/**.npy'}; ids are
 * paths relative to the glob's fixed prefix) and a Parquet table ({@code clip_id: string, npy: binary}).
 *
 * <p>Each input file or frame folder is one {@link Group} (one output file); a batch .npy's clips are separate
 * {@link ClipRef}s of one group, so a large batch file still spreads over all executors.
 */
final class ClipInputPlan {
    /** One input file or frame folder: its id, its clips, whether it is a batch file (output gets an N axis). */
    static final class Group {
        final String id;
        final Path source;
        final boolean batch;
        final List<ClipRef> clips = new ArrayList<>();

        Group(String id, Path source, boolean batch) {
            this.id = id;
            this.source = source;
            this.batch = batch;
        }
    }

    /** The groups in input order; {@code single}: one input file (output is a file, not a directory). */
    final List<Group> groups;
    final boolean single;
    /** A Parquet table's path, or null (then {@link #groups} lists every clip). */
    final String table;

    private ClipInputPlan(List<Group> groups, boolean single, String table) {
        this.groups = groups;
        this.single = single;
        this.table = table;
    }

    int clipCount() {
        return groups.stream().mapToInt(g -> g.clips.size()).sum();
    }

    List<ClipRef> clips() {
        List<ClipRef> all = new ArrayList<>();
        for (Group g : groups) {
            all.addAll(g.clips);
        }
        return all;
    }

    static ClipInputPlan of(String input, String layout) throws IOException {
        if (input.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !input.startsWith("file:")) {
            return new ClipInputPlan(List.of(), false, input);   // hdfs://, s3a://, …: only a table is read so
        }
        if (isGlob(input)) {
            return glob(input, layout);
        }
        Path in = Path.of(input);
        if (!Files.exists(in)) {
            throw new DataFormatException(in, "no such file or directory (--input)");
        }
        if (isTable(in)) {
            return new ClipInputPlan(List.of(), false, in.toString());
        }
        if (!Files.isDirectory(in)) {
            return new ClipInputPlan(List.of(file(in, stem(in.getFileName().toString()), layout)), true, null);
        }
        List<Path> entries = list(in);
        if (entries.isEmpty()) {
            throw new DataFormatException(in, "an empty directory; expected frames, .npy/.gif files or folders");
        }
        boolean frames = entries.stream().anyMatch(ClipInputPlan::isFrame);
        boolean clips = entries.stream().anyMatch(p -> Files.isDirectory(p) || ext(p).equals("npy")
                || ext(p).equals("gif"));
        if (frames && clips) {
            throw new DataFormatException(in, "holds both frame images and clip files/folders; give either a folder "
                    + "of frames (one clip) or a folder of clips");
        }
        if (frames) {
            String id = in.getFileName() == null ? "clip" : in.getFileName().toString();
            Group g = new Group(id, in, false);
            g.clips.add(new ClipRef(ClipRef.Kind.FRAMES, id, in.toString(), -1, null));
            return new ClipInputPlan(List.of(g), true, null);
        }
        List<Path> all = new ArrayList<>();
        collect(in, all);
        all.sort(null);
        if (all.isEmpty()) {
            throw new DataFormatException(in, "holds no .npy/.gif files or frame folders");
        }
        return new ClipInputPlan(groups(in, all, layout), false, null);
    }

    private static List<Group> groups(Path root, List<Path> paths, String layout) throws IOException {
        List<Group> groups = new ArrayList<>();
        for (Path p : paths) {
            String rel = root.relativize(p).toString().replace('\\', '/');
            if (Files.isDirectory(p)) {
                Group g = new Group(rel, p, false);
                g.clips.add(new ClipRef(ClipRef.Kind.FRAMES, rel, p.toString(), -1, null));
                groups.add(g);
            } else {
                groups.add(file(p, stem(rel), layout));
            }
        }
        return groups;
    }

    /** {@code 'dir/**.npy'}: matches below the fixed prefix; each match is a clip file or a frame folder. */
    private static ClipInputPlan glob(String input, String layout) throws IOException {
        String norm = input.replace('\\', '/');
        int wild = firstWildcard(norm);
        int slash = norm.lastIndexOf('/', wild);
        Path root = Path.of(slash < 0 ? "." : slash == 0 ? "/" : norm.substring(0, slash));
        String pattern = norm.substring(slash + 1);
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root, "no such directory (the fixed part of --input " + input + ")");
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> !p.equals(root) && m.matches(root.relativize(p))).forEach(hits::add);
        }
        List<Path> clips = new ArrayList<>();
        for (Path p : hits) {
            if (Files.isDirectory(p)) {
                if (list(p).stream().anyMatch(ClipInputPlan::isFrame)) {
                    clips.add(p);
                }
            } else if (ext(p).equals("npy") || ext(p).equals("gif")) {
                clips.add(p);
            }
        }
        clips.sort(null);
        if (clips.isEmpty()) {
            throw new DataFormatException(input, "the glob matches no .npy/.gif files or frame folders");
        }
        return new ClipInputPlan(groups(root, clips, layout), false, null);
    }

    private static Group file(Path file, String id, String layout) throws IOException {
        switch (ext(file)) {
            case "gif" -> {
                Group g = new Group(id, file, false);
                g.clips.add(new ClipRef(ClipRef.Kind.GIF, id, file.toString(), -1, null));
                return g;
            }
            case "npy" -> {
                NpyClips npy;
                try {
                    npy = NpyClips.open(file, layout);   // the header only: shape, layout, dtype
                } catch (IOException | RuntimeException e) {
                    // a corrupt file is one bad clip, not a failed job: its task reports the same named error
                    Group g = new Group(id, file, false);
                    g.clips.add(new ClipRef(ClipRef.Kind.NPY, id, file.toString(), -1, null));
                    return g;
                }
                boolean batch = npy.layout().indexOf('N') >= 0;
                Group g = new Group(id, file, batch);
                if (batch) {
                    for (long n = 0; n < npy.size(); n++) {
                        g.clips.add(new ClipRef(ClipRef.Kind.NPY_ITEM, id + "#" + n, file.toString(), n, null));
                    }
                } else {
                    g.clips.add(new ClipRef(ClipRef.Kind.NPY, id, file.toString(), -1, null));
                }
                return g;
            }
            default -> throw new DataFormatException(file, "unsupported input '." + ext(file)
                    + "'; expected a .npy or .gif file or a directory of frames");
        }
    }

    private static void collect(Path dir, List<Path> out) throws IOException {
        for (Path p : list(dir)) {
            if (Files.isDirectory(p)) {
                if (list(p).stream().anyMatch(ClipInputPlan::isFrame)) {
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

    private static List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> !p.getFileName().toString().startsWith(".")).forEach(entries::add);
        }
        return entries;
    }

    /** A Parquet table: a {@code .parquet} file or folder, or a folder of Spark's part files. */
    static boolean isTable(Path p) throws IOException {
        if (ext(p).equals("parquet")) {
            return true;
        }
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.anyMatch(q -> q.getFileName().toString().equals("_SUCCESS") || ext(q).equals("parquet"));
        }
    }

    static boolean isGlob(String s) {
        return firstWildcard(s) >= 0;
    }

    private static int firstWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isFrame(Path p) {
        return Files.isRegularFile(p) && FrameReader.FRAME_EXTENSIONS.contains(ext(p));
    }

    static String ext(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        int slash = name.lastIndexOf('/');
        return dot > slash + 1 ? name.substring(0, dot) : name;
    }
}
