package dev.mwaaprovisioner.local.workflow;

import static dev.mwaaprovisioner.local.workflow.RepositoryFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Nothing an event asks for is lost silently, as template.yaml deploys it: every queue is
 * encrypted and keeps messages the 14 days SQS allows; every EventBridge target (the functions'
 * EventBridgeRule events) has a retry policy within EventBridge's limits and a dead-letter queue
 * of this template, whose policy lets only events.amazonaws.com send, and only from exactly the
 * rules that use it; the DispatchFunction retries asynchronous events within Lambda's limits and
 * sends what fails to an SQS queue of this template; the outputs name the queues.
 */
class DeadLetterTemplateTest {

    private static final Map<String, Object> RESOURCES = map(RepositoryFiles.template().get("Resources"));

    /** The logical ID a {@code !GetAtt X.Arn} names, or null for anything else. */
    private static String arnOf(Object value) {
        Object getAtt = map(value).get("Fn::GetAtt");
        if (getAtt instanceof List<?> parts && parts.size() == 2 && "Arn".equals(parts.get(1))) {
            return String.valueOf(parts.get(0));
        }
        return null;
    }

    private static boolean isQueue(String id) {
        return id != null && "AWS::SQS::Queue".equals(map(RESOURCES.get(id)).get("Type"));
    }

    /** Rule logical ID (as SAM generates it: function + event) to the queue its target dead-letters to. */
    private static Map<String, String> deadLetterQueueByRule() {
        Map<String, String> byRule = new LinkedHashMap<>();
        RepositoryFiles.resources("AWS::Serverless::Function").forEach((function, resource) ->
                map(map(resource.get("Properties")).get("Events")).forEach((event, value) -> {
                    if ("EventBridgeRule".equals(map(value).get("Type"))) {
                        Map<String, Object> properties = map(map(value).get("Properties"));
                        byRule.put(function + event, arnOf(map(properties.get("DeadLetterConfig")).get("Arn")));
                    }
                }));
        return byRule;
    }

    @Test
    void everyQueueIsEncryptedAndKeepsItsMessagesFourteenDays() {
        Map<String, Map<String, Object>> queues = RepositoryFiles.resources("AWS::SQS::Queue");
        assertThat(queues).isNotEmpty();
        queues.forEach((id, queue) -> {
            Map<String, Object> properties = map(queue.get("Properties"));
            assertThat(properties.get("SqsManagedSseEnabled")).as(id + " SqsManagedSseEnabled").isEqualTo(true);
            assertThat(properties.get("MessageRetentionPeriod")).as(id + " MessageRetentionPeriod (14 days)")
                    .isEqualTo(1_209_600);
        });
    }

    @Test
    void everyRuleTargetHasARetryPolicyAndADeadLetterQueueOfThisTemplate() {
        Map<String, String> byRule = deadLetterQueueByRule();
        assertThat(byRule).isNotEmpty();
        RepositoryFiles.resources("AWS::Serverless::Function").forEach((function, resource) ->
                map(map(resource.get("Properties")).get("Events")).forEach((event, value) -> {
                    Map<String, Object> properties = map(map(value).get("Properties"));
                    Map<String, Object> retry = map(properties.get("RetryPolicy"));
                    assertThat(retry).as(function + "." + event + " RetryPolicy").isNotEmpty();
                    assertThat((Integer) retry.get("MaximumRetryAttempts")).as(function + "." + event).isBetween(0, 185);
                    assertThat((Integer) retry.get("MaximumEventAgeInSeconds")).as(function + "." + event)
                            .isBetween(60, 86_400);
                    assertThat(isQueue(byRule.get(function + event)))
                            .as(function + "." + event + " DeadLetterConfig.Arn is !GetAtt <a queue of the template>.Arn")
                            .isTrue();
                }));
    }

    @Test
    void aDeadLetterQueueLetsOnlyEventBridgeSendAndOnlyFromTheRulesThatUseIt() {
        Map<String, Set<String>> rulesByQueue = new LinkedHashMap<>();
        deadLetterQueueByRule().forEach((rule, queue) -> rulesByQueue.computeIfAbsent(queue, q -> new HashSet<>()).add(rule));
        rulesByQueue.forEach((queue, rules) -> {
            List<Map<String, Object>> statements = new ArrayList<>();
            RepositoryFiles.resources("AWS::SQS::QueuePolicy").forEach((id, policy) -> {
                Map<String, Object> properties = map(policy.get("Properties"));
                boolean appliesToQueue = ((List<?>) properties.get("Queues")).stream()
                        .anyMatch(q -> queue.equals(map(q).get("Ref")));
                if (appliesToQueue) {
                    for (Object statement : (List<?>) map(properties.get("PolicyDocument")).get("Statement")) {
                        statements.add(map(statement));
                    }
                }
            });
            assertThat(statements).as("the policy of " + queue).isNotEmpty();
            for (Map<String, Object> statement : statements) {
                if (!"Allow".equals(statement.get("Effect"))) {
                    continue;
                }
                assertThat(map(statement.get("Principal"))).as(queue).isEqualTo(Map.of("Service", "events.amazonaws.com"));
                assertThat(statement.get("Action")).as(queue).isEqualTo("sqs:SendMessage");
                assertThat(arnOf(statement.get("Resource"))).as(queue).isEqualTo(queue);
                Object sources = map(map(statement.get("Condition")).get("ArnEquals")).get("aws:SourceArn");
                Set<String> allowed = new HashSet<>();
                for (Object source : sources instanceof List<?> list ? list : List.of(sources)) {
                    allowed.add(arnOf(source));
                }
                assertThat(allowed).as(queue + ": aws:SourceArn names exactly the rules that use it").isEqualTo(rules);
            }
        });
    }

    @Test
    void theDispatchRetriesWithinLambdasLimitsAndKeepsWhatFailsInAQueue() {
        Map<String, Object> config = map(map(map(RESOURCES.get("DispatchFunction")).get("Properties"))
                .get("EventInvokeConfig"));
        assertThat((Integer) config.get("MaximumRetryAttempts")).isBetween(0, 2);
        assertThat((Integer) config.get("MaximumEventAgeInSeconds")).isBetween(60, 21_600);
        Map<String, Object> onFailure = map(map(config.get("DestinationConfig")).get("OnFailure"));
        assertThat(onFailure.get("Type")).isEqualTo("SQS");
        assertThat(isQueue(arnOf(onFailure.get("Destination")))).as("OnFailure.Destination is a queue of the template")
                .isTrue();
    }

    @Test
    void theOutputsNameEveryQueue() {
        Map<String, Object> outputs = map(RepositoryFiles.template().get("Outputs"));
        for (String queue : RepositoryFiles.resources("AWS::SQS::Queue").keySet()) {
            assertThat(outputs).as("outputs of " + queue).containsKeys(queue + "Url", queue + "Arn");
            assertThat(map(map(outputs.get(queue + "Url")).get("Value")).get("Ref")).isEqualTo(queue);
            assertThat(arnOf(map(outputs.get(queue + "Arn")).get("Value"))).isEqualTo(queue);
        }
    }
}
