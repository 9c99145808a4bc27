package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The outcome line of a succeeded execution names what it did, never a {@code ?} or {@code null}. */
class ProgressReportOutcomeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String line(String document) throws Exception {
        return ProgressReport.succeeded(JSON.readTree(document));
    }

    @Test
    void eachOutcomeReadsAsWhatHappened() throws Exception {
        assertThat(line("{\"Request\":{\"Name\":\"a\"},\"Environment\":{\"Name\":\"a\",\"Status\":\"AVAILABLE\"},"
                + "\"Report\":{\"Outcome\":\"SUCCEEDED\"}}")).isEqualTo("Environment a is AVAILABLE");
        assertThat(line("{\"Request\":{\"Name\":\"a\"},\"Report\":{\"Outcome\":\"UNCHANGED\"}}"))
                .isEqualTo("Environment a unchanged");
        assertThat(line("{\"Request\":{\"Name\":\"a\"},\"Environment\":{\"Status\":\"AVAILABLE\"},"
                + "\"Report\":{\"Outcome\":\"UPDATED\"}}")).isEqualTo("Environment a updated (AVAILABLE)");
        assertThat(line("{\"Removal\":{\"Name\":\"a\"},\"Report\":{\"Outcome\":\"DEPROVISIONED\"}}"))
                .isEqualTo("Environment a deprovisioned: removed");
        assertThat(line("{\"Removal\":{\"Name\":\"a\"},\"Report\":{\"Outcome\":\"RETAINED\"}}"))
                .isEqualTo("Environment a deprovisioned: kept (DeletionPolicy: Retain)");
        assertThat(line("{\"Removal\":{}}")).isEqualTo("Nothing to remove");
        assertThat(line("{}")).isEqualTo("Workflow succeeded");
    }
}
