package dev.mwaaprovisioner.local.sam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.local.functions.JavaHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The local transform of the project's own template.yaml, read from the checkout. */
class CheckoutTemplateTest {

    private static final ProjectCheckout CHECKOUT = ProjectCheckout.enclosing(Path.of(""));
    private static final SamApplication APP = new SamTransform(CHECKOUT).transformCheckout();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> resources() {
        return map(APP.template().get("Resources"));
    }

    @Test
    void everyResourceTypeOfTheTransformedTemplateIsOneTheLocalCloudDeploys() {
        Set<String> types = new TreeSet<>();
        resources().values().forEach(r -> types.add(String.valueOf(map(r).get("Type"))));
        assertThat(types).containsExactlyInAnyOrder("AWS::S3::Bucket", "AWS::S3::BucketPolicy", "AWS::Logs::LogGroup",
                "AWS::IAM::Role", "AWS::Lambda::Function", "AWS::Lambda::Version", "AWS::Lambda::Alias",
                "AWS::Lambda::Permission", "AWS::StepFunctions::StateMachine", "AWS::Events::Rule",
                "AWS::Lambda::EventInvokeConfig", "AWS::SQS::Queue", "AWS::SQS::QueuePolicy");
    }

    @Test
    void everyFunctionIsBoundToAHandlerOnTheLocalClasspath() {
        assertThat(APP.functions()).hasSize(17);
        for (SamFunction function : APP.functions().values()) {
            JavaHandler handler = JavaHandler.load(function.handler(), getClass().getClassLoader());
            assertThat(handler.name()).isEqualTo(function.handler());
            assertThat(function.runtime()).isEqualTo("java21");
            assertThat(function.aliasName()).as(function.logicalId()).isEqualTo("live");
            assertThat(resources()).containsKey(function.logicalId() + "Role").containsKey(function.aliasLogicalId());
        }
        assertThat(APP.function("CreateEnvironmentFunction").orElseThrow().timeout()).isEqualTo(120);
        assertThat(APP.function("ValidateRequestFunction").orElseThrow().memorySize()).isEqualTo(1024);
        assertThat(APP.function("ReportFunction").orElseThrow().variables())
                .containsEntry("CONFIG_BUCKET", Map.of("Ref", "ConfigBucket"))
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    }

    @Test
    void theStateMachineRunsTheDefinitionOfTheCheckoutOnTheFunctionsAliases() throws Exception {
        Map<String, Object> machine = map(map(resources().get("ProvisioningStateMachine")).get("Properties"));
        assertThat(machine.get("DefinitionString"))
                .isEqualTo(Files.readString(CHECKOUT.root().resolve("statemachine/provision.asl.json")));
        Map<String, Object> substitutions = map(machine.get("DefinitionSubstitutions"));
        for (SamFunction function : APP.functions().values()) {
            if (!function.logicalId().equals("DispatchFunction")) {
                assertThat(substitutions.get(function.logicalId() + "Arn"))
                        .isEqualTo(Map.of("Ref", function.aliasLogicalId()));
            }
        }
        assertThat(substitutions).doesNotContainKey("DispatchFunctionArn");
    }

    @Test
    void everyRuleInvokesTheDispatchFunctionsAliasWhichPermitsItFromThatRuleOnly() {
        for (String event : List.of("RequestFileCreated", "RequestFileDeleted", "ProvisionEnvironmentEvent",
                "DeprovisionEnvironmentEvent")) {
            Map<String, Object> rule = map(resources().get("DispatchFunction" + event));
            assertThat(rule.get("Type")).as(event).isEqualTo("AWS::Events::Rule");
            assertThat(map(rule.get("Properties")).get("Targets").toString()).contains("Ref=DispatchFunctionAliaslive");
            Map<String, Object> permission = map(map(resources().get("DispatchFunction" + event + "Permission"))
                    .get("Properties"));
            assertThat(permission).containsEntry("Principal", "events.amazonaws.com")
                    .containsEntry("FunctionName", Map.of("Ref", "DispatchFunctionAliaslive"))
                    .containsEntry("SourceArn", Map.of("Fn::GetAtt", List.of("DispatchFunction" + event, "Arn")));
        }
        assertThat(resources().keySet()).noneMatch(id -> id.startsWith("ProvisioningStateMachine")
                && id.endsWith("Role") && !id.equals("ProvisioningStateMachineRole"));
    }

    /** The step log lines are JSON with a level only with LogFormat JSON (README "Logs"). */
    @Test
    void everyFunctionLogsJsonAtInfoToTheSharedLogGroup() {
        for (SamFunction function : APP.functions().values()) {
            Map<String, Object> lambda = map(map(resources().get(function.logicalId())).get("Properties"));
            assertThat(map(lambda.get("LoggingConfig"))).as(function.logicalId())
                    .containsEntry("LogFormat", "JSON")
                    .containsEntry("ApplicationLogLevel", "INFO")
                    .containsEntry("LogGroup", Map.of("Ref", "FunctionLogGroup"));
        }
    }
}
