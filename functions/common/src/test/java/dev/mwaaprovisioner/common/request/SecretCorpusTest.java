package dev.mwaaprovisioner.common.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code secret-requests/} carries the marker {@value #MARKER} where an Airflow
 * option value goes, or in a hostile layout of one (options as one text, as a list, unquoted
 * JSON, YAML aliases from an option into other fields, option-like keys under other fields...).
 * Each is refused, and neither a problem path nor a message shows the marker, whole, cut short or
 * escaped.
 */
class SecretCorpusTest {

    /** The value the files hide; {@value #CORE} is its part no message may show. */
    static final String MARKER = "Zq9+SECRET/MARKER.x7";
    static final String CORE = "SECRET";

    static Path folder() throws URISyntaxException {
        return Path.of(SecretCorpusTest.class.getResource("/secret-requests").toURI());
    }

    static Stream<String> files() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void theCorpusHasAtLeast25FilesAndEachCarriesTheMarker() throws Exception {
        List<String> all = files().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(25);
        for (String file : all) {
            assertThat(Files.readString(folder().resolve(file))).as(file).contains(MARKER);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void isRefusedWithoutShowingTheSecret(String file) throws Exception {
        byte[] content = Files.readAllBytes(folder().resolve(file));
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> RequestParser.standard().parse(content, file));
        assertThat(refused).as(file + " is refused").isNotNull();
        assertThat(refused.getMessage()).as(file).doesNotContain(CORE).doesNotContain("MARKER");
        for (Problem p : refused.problems()) {
            assertThat(p.toString()).as(file).doesNotContain(CORE);
        }
        assertThat(refused.environmentName().orElse("")).doesNotContain(CORE);
    }

    @Test
    void parserMessagesStayReadableWithoutQuotingTheFile() throws Exception {
        InvalidRequestException unquoted = catchThrowableOfType(InvalidRequestException.class, () -> RequestParser.standard()
                .parse(Files.readAllBytes(folder().resolve("json-single-quoted-option-value.json")), "single-quoted"));
        assertThat(unquoted.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith("malformed JSON at line 13, column 24: Unexpected character ((text not shown))")
                .contains("'null', 'true' or 'false'"));
    }
}
