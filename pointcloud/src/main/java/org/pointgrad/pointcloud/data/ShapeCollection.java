package org.pointgrad.pointcloud.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.pointgrad.pointcloud.io.ShapeFormat;

/**
 * The shapes of a collection as it is distributed (ShapeNetCore v1/v2, ModelNet10/40 or a plain folder; see
 * {@link CollectionLayout}), each with its label and its side of a deterministic train/held-out split. Outside
 * ModelNet, an entry is held out when a stable hash of its relative path's <em>bytes</em> (as stored in the file
 * system, not as decoded in the current locale) and the seed, mapped to [0, 1), is below the test fraction; so
 * adding or removing other files never moves it. Hidden files and folders (names starting with '.') are ignored.
 */
public final class ShapeCollection {
    /** ShapeNetCore's optional synset-name file at the collection root. */
    public static final String TAXONOMY = "taxonomy.json";

    private static final Pattern JSON_OBJECT = Pattern.compile("\\{[^{}]*}");
    private static final Pattern SYNSET_ID = Pattern.compile("\"synsetId\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");

    private final Path root;
    private final CollectionLayout layout;
    private final List<CollectionEntry> entries;
    private final List<BadFile> skipped;

    private ShapeCollection(Path root, CollectionLayout layout, List<CollectionEntry> entries, List<BadFile> skipped) {
        this.root = root;
        this.layout = layout;
        this.entries = List.copyOf(entries);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * Lists the collection below {@code root}.
     *
     * @param layout       the layout, or null to {@link #detect} it
     * @param testFraction fraction held out (ignored for ModelNet, which has its own split)
     * @param seed         split seed
     */
    public static ShapeCollection scan(Path root, CollectionLayout layout, double testFraction, long seed)
            throws IOException {
        Objects.requireNonNull(root, "root");
        ShapeDataset.checkFraction(testFraction);
        if (!Files.isDirectory(root)) throw new IOException(root + ": not a directory");
        CollectionLayout l = layout == null ? detect(root) : layout;
        List<CollectionEntry> entries = new ArrayList<>();
        List<BadFile> skipped = new ArrayList<>();
        switch (l) {
            case SHAPENET -> scanShapeNet(root, testFraction, seed, entries, skipped);
            case MODELNET -> scanModelNet(root, entries, skipped);
            case FOLDER -> scanFolder(root, testFraction, seed, entries);
        }
        entries.sort(Comparator.comparing(CollectionEntry::id));
        return new ShapeCollection(root, l, entries, skipped);
    }

    /**
     * The layout of a folder: ShapeNet when it holds {@code taxonomy.json} or a {@code <synset>/<model_id>} folder
     * with {@code model.obj} or {@code models/model_normalized.obj}; ModelNet when a class folder has a
     * {@code train} or {@code test} sub-folder; otherwise a plain folder.
     */
    public static CollectionLayout detect(Path root) throws IOException {
        if (Files.isRegularFile(root.resolve(TAXONOMY))) return CollectionLayout.SHAPENET;
        boolean modelNet = false;
        for (Path top : subfolders(root)) {
            for (Path child : subfolders(top)) {
                if (modelFile(child) != null) return CollectionLayout.SHAPENET;
                String n = child.getFileName().toString();
                if (n.equals("train") || n.equals("test")) modelNet = true;
            }
        }
        return modelNet ? CollectionLayout.MODELNET : CollectionLayout.FOLDER;
    }

    /** The root folder. */
    public Path root() {
        return root;
    }

    /** The layout used (given or detected). */
    public CollectionLayout layout() {
        return layout;
    }

    /** The shapes, sorted by id. */
    public List<CollectionEntry> entries() {
        return entries;
    }

    /** Shape files or model folders left out, with the reason (e.g. a ShapeNet model folder without a model). */
    public List<BadFile> skipped() {
        return skipped;
    }

    /** True when {@code file}, relative to {@code root}, falls in the held-out part for this fraction and seed. */
    public static boolean isHeldOut(Path root, Path file, double testFraction, long seed) {
        return StableHash.unit(relativeBytes(root, file), seed) < testFraction;
    }

    /**
     * The bytes of {@code file}'s path relative to {@code root}, '/'-separated, as the file system stores them (UTF-16
     * names on Windows are given as UTF-8). The platform's URI form keeps the raw bytes even where the locale cannot
     * decode them, which {@link Path#toString()} does not.
     */
    public static byte[] relativeBytes(Path root, Path file) {
        String r = root.toAbsolutePath().normalize().toUri().getRawPath();
        String f = file.toAbsolutePath().normalize().toUri().getRawPath();
        if (!r.endsWith("/")) r += "/";
        if (f.endsWith("/")) f = f.substring(0, f.length() - 1);
        if (!f.startsWith(r)) throw new IllegalArgumentException(file + " is not below " + root);
        String rel = f.substring(r.length());
        ByteArrayOutputStream out = new ByteArrayOutputStream(rel.length());
        for (int i = 0; i < rel.length(); i++) {
            char c = rel.charAt(i);
            if (c == '%' && i + 2 < rel.length()) {
                out.write(Integer.parseInt(rel.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** {@link #relativeBytes} decoded as UTF-8: the same string in every locale. */
    public static String relativeId(Path root, Path file) {
        return new String(relativeBytes(root, file), StandardCharsets.UTF_8);
    }

    /** True when the file name ends with the extension of a supported shape format (any case). */
    public static boolean hasShapeExtension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ShapeFormat f : ShapeFormat.values()) if (n.endsWith("." + f.extension())) return true;
        return false;
    }

    private static void scanShapeNet(
            Path root, double fraction, long seed, List<CollectionEntry> entries, List<BadFile> skipped)
            throws IOException {
        Map<String, String> names = taxonomy(root.resolve(TAXONOMY));
        for (Path synset : subfolders(root)) {
            String synsetId = synset.getFileName().toString();
            String label = names.getOrDefault(synsetId, synsetId);
            for (Path model : subfolders(synset)) {
                Path file = modelFile(model);
                if (file == null) {
                    skipped.add(new BadFile(
                            model, "ShapeNet model folder without model.obj or models/model_normalized.obj"));
                    continue;
                }
                boolean heldOut = isHeldOut(root, file, fraction, seed);
                entries.add(new CollectionEntry(relativeId(root, model), file, label, heldOut));
            }
        }
    }

    private static void scanModelNet(Path root, List<CollectionEntry> entries, List<BadFile> skipped)
            throws IOException {
        for (Path file : shapeFiles(root)) {
            String id = relativeId(root, file);
            String[] parts = id.split("/");
            if (parts.length < 3 || !(parts[1].equals("train") || parts[1].equals("test"))) {
                skipped.add(
                        new BadFile(file, "not in a <class>/train or <class>/test folder of a ModelNet collection"));
                continue;
            }
            entries.add(new CollectionEntry(id, file, parts[0], parts[1].equals("test")));
        }
    }

    private static void scanFolder(Path root, double fraction, long seed, List<CollectionEntry> entries)
            throws IOException {
        for (Path file : shapeFiles(root)) {
            String id = relativeId(root, file);
            int slash = id.indexOf('/');
            String label = slash < 0 ? null : id.substring(0, slash);
            entries.add(new CollectionEntry(id, file, label, isHeldOut(root, file, fraction, seed)));
        }
    }

    /** The ShapeNet model file of a model folder (v2 preferred), or null. */
    private static Path modelFile(Path modelDir) {
        Path v2 = modelDir.resolve("models").resolve("model_normalized.obj");
        if (Files.isRegularFile(v2)) return v2;
        Path v1 = modelDir.resolve("model.obj");
        return Files.isRegularFile(v1) ? v1 : null;
    }

    /** Synset id to its first name ("airplane,aeroplane,plane" gives "airplane"); empty when the file is absent. */
    static Map<String, String> taxonomy(Path file) throws IOException {
        Map<String, String> names = new HashMap<>();
        if (!Files.isRegularFile(file)) return names;
        // taxonomy.json is a flat array of objects whose children are id strings, so no object nests another.
        Matcher obj = JSON_OBJECT.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (obj.find()) {
            Matcher id = SYNSET_ID.matcher(obj.group()), name = NAME.matcher(obj.group());
            if (id.find() && name.find())
                names.put(id.group(1), name.group(1).split(",")[0].trim());
        }
        return names;
    }

    private static List<Path> subfolders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static List<Path> shapeFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !hidden(root, p))
                    .filter(ShapeCollection::hasShapeExtension)
                    .toList();
        }
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) if (part.toString().startsWith(".")) return true;
        return false;
    }
}
