package dev.mwaaprovisioner.local.cloud.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** EventBridge event patterns against an S3 Object Created event. */
class EventPatternTest {

    private static final String EVENT = """
            {"version": "0", "id": "e-1", "detail-type": "Object Created", "source": "aws.s3",
             "account": "000000000000", "time": "2026-01-01T00:00:00Z", "region": "us-east-1",
             "resources": ["arn:aws:s3:::config-bucket"],
             "detail": {"version": "0", "bucket": {"name": "config-bucket"},
                        "object": {"key": "requests/dev.yaml", "size": 120, "etag": "abc"},
                        "reason": "PutObject", "tags": ["a", "b"], "flag": null}}""";

    private static boolean matches(String pattern) throws Exception {
        JsonNode event = Json.parse(EVENT);
        return EventPattern.parse(pattern).matches(event);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"source\": [\"aws.s3\"]}|true",
        "{\"source\": [\"aws.ec2\", \"aws.s3\"]}|true",
        "{\"source\": [\"aws.ec2\"]}|false",
        "{\"source\": [\"aws.s3\"], \"detail-type\": [\"Object Created\"], \"detail\": {\"bucket\": {\"name\": [\"config-bucket\"]}}}|true",
        "{\"detail\": {\"bucket\": {\"name\": [\"other\"]}}}|false",
        "{\"detail\": {\"object\": {\"key\": [{\"prefix\": \"requests/\"}]}}}|true",
        "{\"detail\": {\"object\": {\"key\": [{\"prefix\": \"status/\"}]}}}|false",
        "{\"detail\": {\"object\": {\"key\": [{\"suffix\": \".yaml\"}, {\"suffix\": \".json\"}]}}}|true",
        "{\"detail\": {\"object\": {\"key\": [{\"suffix\": \".json\"}]}}}|false",
        "{\"detail\": {\"object\": {\"key\": [{\"prefix\": {\"equals-ignore-case\": \"REQUESTS/\"}}]}}}|true",
        "{\"detail\": {\"reason\": [{\"equals-ignore-case\": \"putobject\"}]}}|true",
        "{\"detail\": {\"object\": {\"key\": [{\"wildcard\": \"requests/*.yaml\"}]}}}|true",
        "{\"detail\": {\"object\": {\"key\": [{\"wildcard\": \"status/*\"}]}}}|false",
        "{\"detail\": {\"reason\": [{\"anything-but\": \"CopyObject\"}]}}|true",
        "{\"detail\": {\"reason\": [{\"anything-but\": [\"PutObject\", \"CopyObject\"]}]}}|false",
        "{\"detail\": {\"object\": {\"key\": [{\"anything-but\": {\"prefix\": \"status/\"}}]}}}|true",
        "{\"detail\": {\"object\": {\"key\": [{\"anything-but\": {\"suffix\": \".yaml\"}}]}}}|false",
        "{\"detail\": {\"missing\": [{\"anything-but\": \"x\"}]}}|false",
        "{\"detail\": {\"object\": {\"etag\": [{\"exists\": true}]}}}|true",
        "{\"detail\": {\"object\": {\"version-id\": [{\"exists\": false}]}}}|true",
        "{\"detail\": {\"object\": {\"etag\": [{\"exists\": false}]}}}|false",
        "{\"detail\": {\"object\": {\"size\": [{\"numeric\": [\">\", 100, \"<=\", 120]}]}}}|true",
        "{\"detail\": {\"object\": {\"size\": [{\"numeric\": [\"<\", 100]}]}}}|false",
        "{\"detail\": {\"object\": {\"size\": [120.0]}}}|true",
        "{\"detail\": {\"tags\": [\"b\"]}}|true",
        "{\"detail\": {\"tags\": [\"c\"]}}|false",
        "{\"detail\": {\"flag\": [null]}}|true",
        "{\"resources\": [{\"prefix\": \"arn:aws:s3:::config\"}]}|true",
    })
    void matching(String pattern, boolean expected) throws Exception {
        assertThat(matches(pattern)).isEqualTo(expected);
    }

    @Test
    void invalidPatternsAreRefusedWithAReason() {
        assertThatThrownBy(() -> EventPattern.parse("{\"source\": \"aws.s3\"}"))
                .hasMessage("Event pattern is not valid. Reason: \"source\" must be an object or an array");
        assertThatThrownBy(() -> EventPattern.parse("{\"source\": [{\"begins\": \"aws\"}]}"))
                .hasMessageContaining("Unrecognized match type begins");
        assertThatThrownBy(() -> EventPattern.parse("{\"source\": []}")).hasMessageContaining("Empty arrays");
        assertThatThrownBy(() -> EventPattern.parse("[\"aws.s3\"]")).hasMessageContaining("Filter is not an object");
        assertThatThrownBy(() -> EventPattern.parse("{\"detail\": {\"size\": [{\"numeric\": [\"~\", 1]}]}}"))
                .hasMessageContaining("Unrecognized numeric range operator");
        assertThatThrownBy(() -> EventPattern.parse("{\"detail\": {\"ip\": [{\"cidr\": \"10.0.0.0/24\"}]}}"))
                .hasMessageContaining("\"cidr\" matching is not supported by the local cloud");
        assertThatThrownBy(() -> EventPattern.parse("{not json")).hasMessageStartingWith("Event pattern is not valid.");
    }
}
