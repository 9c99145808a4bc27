package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README stays a short front door, and every page it and docs/ link to is there: moving a
 * section or a file must not leave a link that leads nowhere.
 */
class DocumentationTest {

    /** The README holds what a newcomer needs first; everything else belongs under docs/. */
    static final int README_MAX_LINES = 300;

    /** A Markdown link or image target: {@code [text](target)}, up to a title or the closing parenthesis. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    @Test
    void theReadmeIsShort() {
        long lines = RepositoryFiles.read(RepositoryFiles.README).lines().count();
        assertThat(lines).as("README.md lines; move detail to a page under docs/").isLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void everyRelativeLinkOfTheReadmeAndTheDocsLeadsToAFileOrFolder() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher link = LINK.matcher(RepositoryFiles.read(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^(https?|mailto):.*") || target.startsWith("#")) {
                    continue;
                }
                String path = target.replaceFirst("#.*$", "");
                if (!Files.exists(page.getParent().resolve(path).normalize())) {
                    broken.add(RepositoryFiles.ROOT.relativize(page) + ": " + target);
                }
            }
        }
        assertThat(broken).as("links to files that do not exist").isEmpty();
    }

    @Test
    void everyPageUnderDocsIsLinkedFromTheReadme() throws IOException {
        String readme = RepositoryFiles.read(RepositoryFiles.README);
        try (Stream<Path> docs = Files.list(RepositoryFiles.DOCS)) {
            assertThat(docs.filter(p -> p.toString().endsWith(".md")).map(p -> "docs/" + p.getFileName()))
                    .allSatisfy(page -> assertThat(readme).as("README links " + page).contains("](" + page));
        }
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(RepositoryFiles.README));
        try (Stream<Path> docs = Files.list(RepositoryFiles.DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }
}
