package dev.mwaaprovisioner.local.workflow;

import static dev.mwaaprovisioner.local.workflow.RepositoryFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.cloud.events.EventPattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The EventBridge rules in template.yaml, all on the DispatchFunction, resolved for a deployment,
 * pick the request files (written or deleted) and the Provision / Deprovision Environment events,
 * and nothing else.
 */
class EventRulesTest {

    private static final String BUCKET = WorkflowCloud.CONFIG_BUCKET;

    private static Map<String, EventPattern> patterns() throws Exception {
        TemplatePolicies values = new TemplatePolicies(BUCKET);
        assertThat(map(RepositoryFiles.resources("AWS::Serverless::StateMachine").get("ProvisioningStateMachine")
                .get("Properties"))).as("the state machine is started by the DispatchFunction only").doesNotContainKey("Events");
        Map<String, Object> dispatch = map(RepositoryFiles.resources("AWS::Serverless::Function")
                .get("DispatchFunction").get("Properties"));
        Map<String, EventPattern> patterns = new LinkedHashMap<>();
        for (var event : map(dispatch.get("Events")).entrySet()) {
            assertThat(map(event.getValue()).get("Type")).isEqualTo("EventBridgeRule");
            Object pattern = resolve(map(map(event.getValue()).get("Properties")).get("Pattern"), values);
            patterns.put(event.getKey(), EventPattern.parse(WorkflowJson.MAPPER.writeValueAsString(pattern)));
        }
        return patterns;
    }

    /** Resolves the intrinsic functions inside a pattern (the bucket name, the prefix). */
    private static Object resolve(Object value, TemplatePolicies values) {
        if (value instanceof Map<?, ?> m) {
            if (m.containsKey("Ref") || m.containsKey("Fn::Sub") || m.containsKey("Fn::GetAtt")) {
                return values.resolve(value);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, values)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> resolve(v, values)).toList();
        }
        return value;
    }

    private static boolean started(JsonNode event) throws Exception {
        return patterns().values().stream().anyMatch(p -> p.matches(event));
    }

    private static ObjectNode objectCreated(String bucket, String key) {
        ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "s3-object-created.json");
        ((ObjectNode) event.path("detail").path("bucket")).put("name", bucket);
        ((ObjectNode) event.path("detail").path("object")).put("key", key);
        return event;
    }

    @Test
    void requestFilesUnderThePrefixStartTheWorkflow() throws Exception {
        for (String key : List.of("requests/a.yaml", "requests/a.yml", "requests/team/b.json")) {
            assertThat(started(objectCreated(BUCKET, key))).as(key).isTrue();
        }
    }

    @Test
    void otherObjectsAndOtherBucketsDoNot() throws Exception {
        for (String key : List.of("requests/readme.txt", "status/a.json", "drafts/a.yaml", "requests/a.yaml.bak")) {
            assertThat(started(objectCreated(BUCKET, key))).as(key).isFalse();
        }
        for (String key : List.of("claims/a.json", "locks/key-policy/k.123")) {
            assertThat(started(objectCreated(BUCKET, key))).as(key + ": the workflow's own records").isFalse();
        }
        assertThat(started(objectCreated("another-bucket", "requests/a.yaml"))).isFalse();
        ObjectNode restored = objectCreated(BUCKET, "requests/a.yaml");
        restored.put("detail-type", "Object Restore Completed");
        assertThat(started(restored)).isFalse();
    }

    @Test
    void deletingARequestFileStartsTheWorkflowAndDeletingOtherObjectsDoesNot() throws Exception {
        ObjectNode deleted = objectCreated(BUCKET, "requests/a.yaml");
        deleted.put("detail-type", "Object Deleted");
        assertThat(started(deleted)).isTrue();
        ObjectNode status = objectCreated(BUCKET, "status/a.json");
        status.put("detail-type", "Object Deleted");
        assertThat(started(status)).isFalse();
    }

    @Test
    void theDeprovisionEnvironmentEventStartsIt() throws Exception {
        ObjectNode deprovision = WorkflowCloud.event("ValidateRequestFunction", "provision-environment-uri.json");
        deprovision.put("detail-type", "Deprovision Environment");
        assertThat(started(deprovision)).isTrue();
        deprovision.put("source", "someone-else");
        assertThat(started(deprovision)).isFalse();
    }

    @Test
    void theProvisionEnvironmentEventStartsItAndTheOutcomeEventsDoNot() throws Exception {
        assertThat(started(WorkflowCloud.event("ValidateRequestFunction", "provision-environment-inline.json"))).isTrue();
        assertThat(started(WorkflowCloud.event("ValidateRequestFunction", "provision-environment-uri.json"))).isTrue();
        ObjectNode outcome = WorkflowCloud.event("ValidateRequestFunction", "provision-environment-uri.json");
        outcome.put("detail-type", "Environment Provisioned");
        assertThat(started(outcome)).as("the workflow's own outcome event must not loop back").isFalse();
    }
}
