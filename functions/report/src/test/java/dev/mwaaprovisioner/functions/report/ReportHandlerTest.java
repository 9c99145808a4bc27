package dev.mwaaprovisioner.functions.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.NotARequestException;
import dev.mwaaprovisioner.common.workflow.RequestValidationException;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's reading of what the state machine caught; the writes are tested on the local cloud. */
class ReportHandlerTest {

    private static final File EVENTS = new File("../../events");

    @Test
    void aLambdaErrorBecomesItsSimpleNameAndMessage() throws Exception {
        JsonNode input = WorkflowJson.MAPPER.readTree(new File(EVENTS, "ReportFunction/failed.json"));
        StatusDocument.Failure failure = ReportHandler.failure(input.path("State").path("Error"));
        assertThat(failure.error()).isEqualTo("EnvironmentCreationFailedException");
        assertThat(failure.cause()).startsWith("Environment analytics-dev is CREATE_FAILED: INCORRECT_CONFIGURATION:");
        assertThat(failure.problems()).isNull();
    }

    @Test
    void aRefusedRequestListsEveryBadFieldAndIsFiledUnderItsName() throws Exception {
        JsonNode input = WorkflowJson.MAPPER.readTree(new File(EVENTS, "ReportFunction/invalid-request.json"));
        JsonNode state = input.path("State");
        StatusDocument.Failure failure = ReportHandler.failure(state.path("Error"));
        assertThat(failure.error()).isEqualTo("RequestValidationException");
        assertThat(failure.problems()).extracting(StatusDocument.FieldProblem::path)
                .containsExactly("EnvironmentClass", "MaxWorkers");
        assertThat(ReportHandler.environmentName(state, failure)).isEqualTo("analytics-dev");
        assertThat(ReportHandler.source(state).uri())
                .isEqualTo("s3://mwaa-provisioner-configbucket-example/requests/analytics-dev.yaml");
    }

    @Test
    void withoutAValidNameTheStatusIsFiledUnderTheFileName() throws Exception {
        ObjectNode event = (ObjectNode) WorkflowJson.MAPPER.readTree(new File(EVENTS,
                "ValidateRequestFunction/s3-object-created.json"));
        ((ObjectNode) event.path("detail").path("object")).put("key", "requests/team-a.yml");
        String cause = new RequestValidationException("s3://b/requests/team-a.yml", null,
                List.of("Name: (missing); give the environment a name")).getMessage();
        StatusDocument.Failure failure = new StatusDocument.Failure("RequestValidationException", cause, null);
        assertThat(ReportHandler.environmentName(event, failure)).isEqualTo("team-a");

        ((ObjectNode) event.path("detail").path("object")).put("key", "requests/no good name!.yml");
        assertThat(ReportHandler.environmentName(event, failure)).isEqualTo("unnamed-2d4eba74-fd51-3966-4bfa-b013c9da8ff1");
    }

    @Test
    void somethingThatIsNotARequestIsReportedNowhere() throws Exception {
        ObjectNode state = WorkflowJson.MAPPER.createObjectNode();
        state.putObject("Error").put("Error", NotARequestException.class.getName())
                .put("Cause", "{\"errorMessage\":\"s3://b/requests/notes.txt is not a request\"}");
        // No AWS client: a write would fail with a NullPointerException.
        ReportHandler handler = new ReportHandler(null, null, "config", "default");
        ReportHandler.Result result = handler.handle(new ReportHandler.Input("FAILED", state, "arn", "t0", "t1"));
        assertThat(result.recorded()).isFalse();
        assertThat(result.error()).isEqualTo("NotARequestException");
        assertThat(result.cause()).isEqualTo("s3://b/requests/notes.txt is not a request");
    }
}
