package dev.mwaaprovisioner.functions.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming runs the planning and update steps on their sample events with canned
 * answers: their whole call path, offline. The outputs show the canned world was read as meant.
 */
class PlanAndUpdatePrimingTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("AWS_REGION", "us-east-1",
            "AWS_ENDPOINT_URL", "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID", "priming", "AWS_SECRET_ACCESS_KEY", "priming");

    @Test
    void thePlanningStepComparesTheSampleWithTheCannedEnvironment() {
        String output = new PlanChangesHandler(ENVIRONMENT).prime();
        // The canned role policy is empty, so the only difference is the role's policy.
        assertThat(output).contains("\"Action\":\"Update\"", "ExecutionRole: policy mwaa-analytics-dev-execution-policy");
        assertThat(output).doesNotContain("EnvironmentClass", "Tags");
    }

    @Test
    void theUpdateStepSendsTheClassAndChangesTheTags() {
        String output = new UpdateEnvironmentHandler(ENVIRONMENT).prime();
        assertThat(output).contains("\"Status\":\"UPDATING\"", "\"Operation\":\"Update\"");
    }
}
