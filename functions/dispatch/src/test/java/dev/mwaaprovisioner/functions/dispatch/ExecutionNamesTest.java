package dev.mwaaprovisioner.functions.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import org.junit.jupiter.api.Test;

class ExecutionNamesTest {

    static ObjectNode s3Event(String detailType, String bucket, String key, String version) {
        ObjectNode event = WorkflowJson.MAPPER.createObjectNode();
        event.put("id", "11111111-2222-3333-4444-555555555555");
        event.put("source", "aws.s3");
        event.put("detail-type", detailType);
        ObjectNode detail = event.putObject("detail");
        detail.putObject("bucket").put("name", bucket);
        ObjectNode object = detail.putObject("object").put("key", key).put("sequencer", "00617F0829");
        if (version != null) {
            object.put("version-id", version);
        }
        return event;
    }

    @Test
    void anObjectVersionHasOneReadableNameWhateverTheEventId() {
        ObjectNode first = s3Event("Object Created", "config", "requests/analytics-dev.yaml", "v1");
        ObjectNode redelivered = first.deepCopy().put("id", "another-delivery-id");
        String name = ExecutionNames.of(first);
        assertThat(name).matches("analytics-dev-yaml-[0-9a-f]{20}");
        assertThat(ExecutionNames.of(redelivered)).isEqualTo(name);
    }

    @Test
    void anotherVersionKeyBucketOrDetailTypeIsAnotherName() {
        String name = ExecutionNames.of(s3Event("Object Created", "config", "requests/a.yaml", "v1"));
        assertThat(ExecutionNames.of(s3Event("Object Created", "config", "requests/a.yaml", "v2"))).isNotEqualTo(name);
        assertThat(ExecutionNames.of(s3Event("Object Created", "config", "requests/team/a.yaml", "v1"))).isNotEqualTo(name);
        assertThat(ExecutionNames.of(s3Event("Object Created", "other", "requests/a.yaml", "v1"))).isNotEqualTo(name);
        assertThat(ExecutionNames.of(s3Event("Object Deleted", "config", "requests/a.yaml", "v1"))).isNotEqualTo(name);
        // Without versioning, the sequencer tells writes apart.
        ObjectNode unversioned = s3Event("Object Created", "config", "requests/a.yaml", null);
        ObjectNode later = unversioned.deepCopy();
        ((ObjectNode) later.path("detail").path("object")).put("sequencer", "00617F0830");
        assertThat(ExecutionNames.of(unversioned)).isNotEqualTo(ExecutionNames.of(later));
    }

    @Test
    void longAndOddKeysStayWithinStepFunctionsLimits() {
        String key = "requests/" + "ä very long name with spaces & symbols ".repeat(6) + ".json";
        String name = ExecutionNames.of(s3Event("Object Created", "config", key, "v1"));
        assertThat(name).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+");
        assertThat(ExecutionNames.of(s3Event("Object Created", "config", "requests/.json", "v1")))
                .matches("json-[0-9a-f]{20}");
    }

    @Test
    void customEventsAreNamedByTheirId() {
        ObjectNode event = WorkflowJson.MAPPER.createObjectNode();
        event.put("id", "a1c8e3f0-5e0b-4c4e-9d51-6f0e2b7c9a10");
        event.put("source", "mwaa-provisioner");
        event.put("detail-type", "Provision Environment");
        assertThat(ExecutionNames.of(event)).isEqualTo("a1c8e3f0-5e0b-4c4e-9d51-6f0e2b7c9a10");
        event.put("detail-type", "Deprovision Environment");
        assertThat(ExecutionNames.of(event)).isEqualTo("a1c8e3f0-5e0b-4c4e-9d51-6f0e2b7c9a10");
        event.put("id", "not valid/for a name");
        assertThat(ExecutionNames.of(event)).matches("event-[0-9a-f]{20}");
        event.remove("id");
        assertThatThrownBy(() -> ExecutionNames.of(event)).hasMessageContaining("has no id");
    }

    @Test
    void otherEventsAreRefusedNamingWhatTheyAre() {
        ObjectNode event = WorkflowJson.MAPPER.createObjectNode();
        event.put("source", "aws.ec2");
        event.put("detail-type", "EC2 Instance State-change Notification");
        assertThatThrownBy(() -> ExecutionNames.of(event))
                .hasMessageContaining("not source aws.ec2, detail-type EC2 Instance State-change Notification");
        event.put("source", "mwaa-provisioner").put("detail-type", "Environment Provisioned");
        assertThatThrownBy(() -> ExecutionNames.of(event)).hasMessageContaining("Environment Provisioned");
    }
}
