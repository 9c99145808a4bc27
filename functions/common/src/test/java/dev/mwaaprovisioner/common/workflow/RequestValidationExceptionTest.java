package dev.mwaaprovisioner.common.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestValidationExceptionTest {

    @Test
    void theMessageNamesTheRequestAndEveryProblemAndReadsBack() {
        RequestValidationException thrown = new RequestValidationException(
                "s3://config/requests/analytics-dev.yaml (version 3HL4kqtJ)", "analytics-dev",
                List.of("MaxWorkers: 0 is below 1; give at least 1.", "Tags.team: (empty) needs a value"));

        assertThat(thrown.getMessage()).isEqualTo(
                "Invalid request s3://config/requests/analytics-dev.yaml (version 3HL4kqtJ) for environment analytics-dev:\n"
                        + "MaxWorkers: 0 is below 1; give at least 1.\n"
                        + "Tags.team: (empty) needs a value");
        RequestValidationException read = RequestValidationException.parse(thrown.getMessage()).orElseThrow();
        assertThat(read.source()).isEqualTo("s3://config/requests/analytics-dev.yaml (version 3HL4kqtJ)");
        assertThat(read.environmentName()).contains("analytics-dev");
        assertThat(read.problems()).containsExactlyElementsOf(thrown.problems());
    }

    @Test
    void aRequestWithoutAValidNameHasNone() {
        RequestValidationException thrown = new RequestValidationException("event 7f3c", null,
                List.of("Name: (missing); give the environment a name"));
        RequestValidationException read = RequestValidationException.parse(thrown.getMessage()).orElseThrow();
        assertThat(read.environmentName()).isEmpty();
        assertThat(read.source()).isEqualTo("event 7f3c");
    }

    @Test
    void otherMessagesAreNotValidationFailures() {
        assertThat(RequestValidationException.parse("Stack mwaa-x-network is ROLLBACK_COMPLETE")).isEmpty();
        assertThat(RequestValidationException.parse(null)).isEmpty();
    }

    @Test
    void problemLinesStayOneLineEach() {
        RequestValidationException thrown = new RequestValidationException("event 1", null, List.of("A: b\nc"));
        assertThat(RequestValidationException.parse(thrown.getMessage()).orElseThrow().problems())
                .containsExactly("A: b c");
        assertThatThrownBy(() -> new RequestValidationException("event 1", null, List.of()))
                .hasMessageContaining("at least one problem");
    }
}
