package dev.mwaaprovisioner.local.cloud.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * EventBridge through the AWS SDK v2: rules and targets, PutEvents, and an S3 upload into a
 * bucket with EventBridge notifications starting the execution of a matching rule.
 */
class EventBridgeServiceTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/EventsRole";
    private static final String ECHO = """
            {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}}""";
    private static final String REQUESTS_PATTERN = """
            {"source": ["aws.s3"], "detail-type": ["Object Created"],
             "detail": {"bucket": {"name": ["config-bucket"]},
                        "object": {"key": [{"wildcard": "requests/*.yaml"}, {"wildcard": "requests/*.json"}]}}}""";

    private static LocalCloud cloud;
    private static EventBridgeClient events;
    private static SfnClient sfn;
    private static S3Client s3;
    private static String machineArn;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(1000));
        events = TestClients.client(EventBridgeClient.builder(), cloud);
        sfn = TestClients.client(SfnClient.builder(), cloud);
        s3 = TestClients.client(S3Client.builder(), cloud, software.amazon.awssdk.regions.Region.US_EAST_1,
                c -> { });
        machineArn = sfn.createStateMachine(r -> r.name("on-request").definition(ECHO).roleArn(ROLE)).stateMachineArn();
        s3.createBucket(r -> r.bucket("config-bucket"));
        s3.putBucketNotificationConfiguration(r -> r.bucket("config-bucket")
                .notificationConfiguration(n -> n.eventBridgeConfiguration(e -> { })));
    }

    @AfterAll
    static void stop() {
        events.close();
        sfn.close();
        s3.close();
        cloud.close();
    }

    @BeforeEach
    void clearRules() {
        for (var rule : events.listRules(r -> r.namePrefix("")).rules()) {
            List<String> ids = events.listTargetsByRule(r -> r.rule(rule.name())).targets().stream()
                    .map(t -> t.id()).toList();
            if (!ids.isEmpty()) {
                events.removeTargets(r -> r.rule(rule.name()).ids(ids));
            }
            events.deleteRule(r -> r.name(rule.name()));
        }
    }

    private static List<ExecutionListItem> executions() {
        return sfn.listExecutions(r -> r.stateMachineArn(machineArn)).executions();
    }

    private static JsonNode awaitOutput(String executionArn) throws Exception {
        Execution execution = cloud.service(StateMachines.class).execution(executionArn);
        assertThat(execution.awaitCompletion(Duration.ofSeconds(10))).isTrue();
        return execution.output().orElseThrow();
    }

    @Test
    void anUploadMatchingTheRuleStartsTheStateMachineAndOthersDoNot() throws Exception {
        events.putRule(r -> r.name("provision-on-upload").eventPattern(REQUESTS_PATTERN));
        events.putTargets(r -> r.rule("provision-on-upload").targets(t -> t.id("workflow").arn(machineArn).roleArn(ROLE)));
        int before = executions().size();

        s3.putObject(r -> r.bucket("config-bucket").key("requests/dev.yaml"), RequestBody.fromString("Name: dev"));
        List<ExecutionListItem> after = executions();
        assertThat(after).hasSize(before + 1);
        JsonNode input = awaitOutput(after.get(0).executionArn());
        assertThat(input.get("source").asText()).isEqualTo("aws.s3");
        assertThat(input.get("detail-type").asText()).isEqualTo("Object Created");
        assertThat(input.at("/detail/object/key").asText()).isEqualTo("requests/dev.yaml");
        assertThat(after.get(0).name()).matches("[0-9a-f-]{36}");

        s3.putObject(r -> r.bucket("config-bucket").key("status/dev.json"), RequestBody.fromString("{}"));
        s3.putObject(r -> r.bucket("config-bucket").key("requests/notes.txt"), RequestBody.fromString("x"));
        assertThat(executions()).hasSize(before + 1);

        events.disableRule(r -> r.name("provision-on-upload"));
        s3.putObject(r -> r.bucket("config-bucket").key("requests/qa.json"), RequestBody.fromString("{}"));
        assertThat(executions()).hasSize(before + 1);
        assertThat(cloud.service(EventRules.class).deliveries()).anySatisfy(d -> {
            assertThat(d.targetArn()).isEqualTo(machineArn);
            assertThat(d.result()).isEqualTo(after.get(0).executionArn());
        });
    }

    @Test
    void putEventsDeliversCustomEventsWithAnInputTransformer() throws Exception {
        events.putRule(r -> r.name("custom").eventPattern("""
                {"source": ["mwaa-provisioner"], "detail-type": ["Provision Environment"]}"""));
        events.putTargets(r -> r.rule("custom").targets(t -> t.id("transformed").arn(machineArn).inputTransformer(x -> x
                .inputPathsMap(java.util.Map.of("name", "$.detail.Name", "count", "$.detail.Count"))
                .inputTemplate("{\"request\": {\"Name\": <name>, \"label\": \"env <name>\", \"count\": <count>},"
                        + " \"rule\": \"<aws.events.rule-name>\"}"))));
        int before = executions().size();
        PutEventsResponse response = events.putEvents(r -> r.entries(
                e -> e.source("mwaa-provisioner").detailType("Provision Environment")
                        .detail("{\"Name\": \"analytics-dev\", \"Count\": 2}"),
                e -> e.source("mwaa-provisioner").detailType("Something Else").detail("{}"),
                e -> e.source("mwaa-provisioner").detailType("Provision Environment").detail("not json")));
        assertThat(response.failedEntryCount()).isEqualTo(1);
        assertThat(response.entries().get(0).eventId()).isNotBlank();
        assertThat(response.entries().get(2).errorCode()).isEqualTo("MalformedDetail");
        List<ExecutionListItem> after = executions();
        assertThat(after).hasSize(before + 1);
        assertThat(awaitOutput(after.get(0).executionArn())).isEqualTo(Json.parse("""
                {"request": {"Name": "analytics-dev", "label": "env analytics-dev", "count": 2}, "rule": "custom"}"""));
        assertThat(cloud.eventBus().events()).anySatisfy(e -> assertThat(e.detailType()).isEqualTo("Provision Environment"));
    }

    @Test
    void constantInputAndInputPath() throws Exception {
        events.putRule(r -> r.name("inputs").eventPattern("{\"source\": [\"test.inputs\"]}"));
        events.putTargets(r -> r.rule("inputs").targets(
                t -> t.id("constant").arn(machineArn).input("{\"fixed\": true}"),
                t -> t.id("path").arn(machineArn).inputPath("$.detail")));
        int before = executions().size();
        events.putEvents(r -> r.entries(e -> e.source("test.inputs").detailType("x").detail("{\"k\": \"v\"}")));
        List<ExecutionListItem> after = executions();
        assertThat(after).hasSize(before + 2);
        List<JsonNode> outputs = new java.util.ArrayList<>();
        for (ExecutionListItem item : after.subList(0, 2)) {
            outputs.add(awaitOutput(item.executionArn()));
        }
        assertThat(outputs).containsExactlyInAnyOrder(Json.parse("{\"fixed\": true}"), Json.parse("{\"k\": \"v\"}"));
    }

    @Test
    void rulesAndTargetsAreDescribedListedAndRemoved() {
        String arn = events.putRule(r -> r.name("described").eventPattern(REQUESTS_PATTERN).description("uploads"))
                .ruleArn();
        assertThat(arn).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/described");
        var rule = events.describeRule(r -> r.name("described"));
        assertThat(rule.state()).isEqualTo(RuleState.ENABLED);
        assertThat(rule.description()).isEqualTo("uploads");
        assertThat(rule.eventBusName()).isEqualTo("default");
        assertThat(rule.eventPattern()).isEqualTo(REQUESTS_PATTERN);
        events.putTargets(r -> r.rule("described").targets(t -> t.id("one").arn(machineArn).input("{}")));
        assertThat(events.listTargetsByRule(r -> r.rule("described")).targets()).singleElement()
                .satisfies(t -> assertThat(t.input()).isEqualTo("{}"));
        assertThatThrownBy(() -> events.deleteRule(r -> r.name("described")))
                .hasMessageContaining("Rule can't be deleted since it has targets.");
        events.removeTargets(r -> r.rule("described").ids("one"));
        events.deleteRule(r -> r.name("described"));
        assertThatThrownBy(() -> events.describeRule(r -> r.name("described")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Rule described does not exist on EventBus default.");
    }

    @Test
    void invalidPatternsAndUnsupportedTargetsAreRefused() {
        assertThatThrownBy(() -> events.putRule(r -> r.name("bad").eventPattern("{\"source\": \"aws.s3\"}")))
                .isInstanceOf(InvalidEventPatternException.class)
                .hasMessageContaining("Event pattern is not valid. Reason: \"source\" must be an object or an array");
        events.putRule(r -> r.name("queue").eventPattern("{\"source\": [\"x\"]}"));
        assertThatThrownBy(() -> events.putTargets(r -> r.rule("queue")
                .targets(t -> t.id("q").arn("arn:aws:sqs:us-east-1:000000000000:queue"))))
                .hasMessageContaining("is not supported by the local cloud: targets must be Step Functions state"
                        + " machines or Lambda functions");
        assertThatThrownBy(() -> events.putRule(r -> r.name("scheduled").scheduleExpression("rate(5 minutes)")))
                .hasMessageContaining("ScheduleExpression is not supported by the local cloud");
    }
}
