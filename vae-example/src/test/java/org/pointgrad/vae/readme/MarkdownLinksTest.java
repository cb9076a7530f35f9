package org.pointgrad.vae.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link and picture in the README, CONTRIBUTING, CHANGELOG and {@code docs/} names a file that exists.
 */
class MarkdownLinksTest {
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkResolves() throws IOException {
        Path root = ReadmeExamples.findReadme().getParent();
        List<Path> pages = new ArrayList<>(
                List.of(root.resolve("README.md"), root.resolve("CONTRIBUTING.md"), root.resolve("CHANGELOG.md")));
        pages.addAll(ReadmeExamples.docsPages(root));
        List<String> broken = new ArrayList<>();
        for (Path page : pages) broken.addAll(brokenLinks(page));
        assertEquals(List.of(), broken);
    }

    @Test
    void aMissingFileOrHeadingIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.md"), "# The JVM option\n");
        Path a = Files.writeString(
                dir.resolve("a.md"),
                "[ok](b.md#the-jvm-option) [gone](c.md) [bad](b.md#nothing) [web](https://x.org/y)\n"
                        + "```\n[in code](nowhere.md)\n```\n");
        List<String> broken = brokenLinks(a);
        assertEquals(2, broken.size(), broken.toString());
        assertTrue(broken.get(0).endsWith("a.md:1: c.md (no such file)"), broken.get(0));
        assertTrue(broken.get(1).endsWith("a.md:1: b.md#nothing (no such heading)"), broken.get(1));
    }

    /** The relative links of {@code page} (outside code fences) whose file or heading does not exist. */
    static List<String> brokenLinks(Path page) throws IOException {
        List<String> broken = new ArrayList<>();
        List<String> lines = Files.readAllLines(page);
        boolean code = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) code = !code;
            if (code) continue;
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) continue;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved =
                        file.isEmpty() ? page : page.resolveSibling(file).normalize();
                String where = page + ":" + (i + 1) + ": " + target;
                if (!Files.exists(resolved)) {
                    broken.add(where + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(where + " (no such heading)");
                }
            }
        }
        return broken;
    }

    /** GitHub's anchors for the headings of a Markdown file. */
    private static Set<String> anchors(Path md) throws IOException {
        Set<String> out = new HashSet<>();
        boolean code = false;
        for (String line : Files.readAllLines(md)) {
            if (line.strip().startsWith("```")) code = !code;
            if (code || !line.startsWith("#")) continue;
            String title = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
            out.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return out;
    }
}
