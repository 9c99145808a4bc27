package dev.mwaaprovisioner.local.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.common.documents.CloudFormationYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamTransformTest {

    private static final String DEFINITION = """
            {"StartAt": "Hello", "States": {"Hello": {"Type": "Task", "Resource": "${HelloArn}", "End": true}}}
            """;

    @TempDir
    Path root;

    @BeforeEach
    void checkout() throws IOException {
        Files.writeString(root.resolve("template.yaml"), "Transform: AWS::Serverless-2016-10-31\n");
        Files.createDirectories(root.resolve("statemachine"));
        Files.writeString(root.resolve("statemachine/hello.asl.json"), DEFINITION);
        Files.createDirectories(root.resolve("functions/hello"));
    }

    private SamApplication transform(String yaml) {
        return new SamTransform(ProjectCheckout.at(root)).transform(CloudFormationYaml.parseTemplate(yaml));
    }

    private static Map<String, Object> resource(SamApplication app, String id) {
        return map(map(app.template().get("Resources")).get(id));
    }

    private static Map<String, Object> properties(SamApplication app, String id) {
        return map(resource(app, id).get("Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @Test
    void globalsAreAppliedAsSamAppliesThem() {
        SamApplication app = transform("""
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    Runtime: java21
                    Timeout: 30
                    MemorySize: 512
                    Architectures: [arm64]
                    Environment:
                      Variables:
                        JAVA_TOOL_OPTIONS: -XX:TieredStopAtLevel=1
                        SHARED: global
                Resources:
                  Bucket:
                    Type: AWS::S3::Bucket
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: functions/hello
                      Handler: com.example.Hello::handleRequest
                      Timeout: 120
                      Environment:
                        Variables:
                          SHARED: local
                          BUCKET: !Ref Bucket
                """);
        Map<String, Object> lambda = properties(app, "Hello");
        assertThat(resource(app, "Hello").get("Type")).isEqualTo("AWS::Lambda::Function");
        assertThat(lambda).containsEntry("Runtime", "java21").containsEntry("Timeout", 120)
                .containsEntry("MemorySize", 512).containsEntry("Architectures", List.of("arm64"))
                .containsEntry("Handler", "com.example.Hello::handleRequest");
        assertThat(map(map(lambda.get("Environment")).get("Variables"))).containsExactly(
                Map.entry("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1"),
                Map.entry("SHARED", "local"),
                Map.entry("BUCKET", Map.of("Ref", "Bucket")));
        assertThat(resource(app, "Bucket")).containsEntry("Type", "AWS::S3::Bucket");
        SamFunction function = app.function("Hello").orElseThrow();
        assertThat(function.timeout()).isEqualTo(120);
        assertThat(function.memorySize()).isEqualTo(512);
        assertThat(function.handlerClass()).isEqualTo("com.example.Hello");
        assertThat(function.handlerMethod()).isEqualTo("handleRequest");
    }

    @Test
    void globalListsAreConcatenatedAndFunctionsWithoutSettingsGetLambdasDefaults() {
        SamApplication app = transform("""
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    Runtime: java17
                    Tags: {team: platform}
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: .
                      Handler: com.example.Hello
                      Tags: {app: hello}
                """);
        SamFunction function = app.function("Hello").orElseThrow();
        assertThat(function.timeout()).isEqualTo(3);
        assertThat(function.memorySize()).isEqualTo(128);
        assertThat(function.handlerMethod()).isEqualTo("handleRequest");
        assertThat(properties(app, "Hello").get("Tags")).isEqualTo(List.of(
                Map.of("Key", "team", "Value", "platform"),
                Map.of("Key", "app", "Value", "hello")));
    }

    @Test
    void aFunctionGetsItsRoleWithItsPoliciesAndAnAliasWhenAutoPublishAliasIsSet() {
        SamApplication app = transform("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: .
                      Runtime: java21
                      Handler: com.example.Hello::handle
                      AutoPublishAlias: live
                      VersionDescription: !Sub 'Prefix=${AWS::Region}'
                      SnapStart: {ApplyOn: PublishedVersions}
                      Policies:
                        - Version: '2012-10-17'
                          Statement:
                            - Effect: Allow
                              Action: s3:GetObject
                              Resource: arn:aws:s3:::b/*
                        - arn:aws:iam::aws:policy/ReadOnlyAccess
                Outputs:
                  AliasArn:
                    Value: !Ref Hello.Alias
                  Sub:
                    Value: !Sub '${Hello.Alias} and ${Hello.Arn}'
                """);
        Map<String, Object> role = properties(app, "HelloRole");
        assertThat(resource(app, "HelloRole").get("Type")).isEqualTo("AWS::IAM::Role");
        assertThat(role.get("AssumeRolePolicyDocument").toString()).contains("lambda.amazonaws.com", "sts:AssumeRole");
        assertThat(role.get("ManagedPolicyArns")).isEqualTo(List.of(
                Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
                "arn:aws:iam::aws:policy/ReadOnlyAccess"));
        List<?> policies = (List<?>) role.get("Policies");
        assertThat(policies).hasSize(1);
        assertThat(map(policies.get(0))).containsEntry("PolicyName", "HelloRolePolicy0");
        assertThat(properties(app, "Hello")).containsEntry("Role", Map.of("Fn::GetAtt", List.of("HelloRole", "Arn")))
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));

        SamFunction function = app.function("Hello").orElseThrow();
        assertThat(function.aliasName()).isEqualTo("live");
        assertThat(function.aliasLogicalId()).isEqualTo("HelloAliaslive");
        Map<String, Object> alias = properties(app, "HelloAliaslive");
        assertThat(alias).containsEntry("Name", "live").containsEntry("FunctionName", Map.of("Ref", "Hello"));
        String versionId = ((List<?>) map(alias.get("FunctionVersion")).get("Fn::GetAtt")).get(0).toString();
        assertThat(versionId).matches("HelloVersion[0-9a-f]{10}");
        assertThat(resource(app, versionId)).containsEntry("Type", "AWS::Lambda::Version");
        assertThat(properties(app, versionId)).containsEntry("Description", Map.of("Fn::Sub", "Prefix=${AWS::Region}"));

        Map<String, Object> outputs = map(app.template().get("Outputs"));
        assertThat(map(outputs.get("AliasArn")).get("Value")).isEqualTo(Map.of("Ref", "HelloAliaslive"));
        assertThat(map(outputs.get("Sub")).get("Value"))
                .isEqualTo(Map.of("Fn::Sub", "${HelloAliaslive} and ${Hello.Arn}"));
    }

    @Test
    void aStateMachineReadsItsDefinitionFromTheCheckoutAndGetsItsRulesAndRoles() {
        SamApplication app = transform("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: .
                      Runtime: java21
                      Handler: com.example.Hello::handle
                      AutoPublishAlias: live
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      Type: STANDARD
                      DefinitionUri: statemachine/hello.asl.json
                      DefinitionSubstitutions:
                        HelloArn: !Ref Hello.Alias
                      Logging:
                        Level: ERROR
                        IncludeExecutionData: false
                      Policies:
                        - Version: '2012-10-17'
                          Statement:
                            - Effect: Allow
                              Action: lambda:InvokeFunction
                              Resource: !Sub '${Hello.Arn}:*'
                      Events:
                        Created:
                          Type: EventBridgeRule
                          Properties:
                            Pattern:
                              source: [aws.s3]
                """);
        Map<String, Object> machine = properties(app, "Machine");
        assertThat(resource(app, "Machine").get("Type")).isEqualTo("AWS::StepFunctions::StateMachine");
        assertThat(machine).containsEntry("DefinitionString", DEFINITION)
                .containsEntry("StateMachineType", "STANDARD")
                .containsEntry("DefinitionSubstitutions", Map.of("HelloArn", Map.of("Ref", "HelloAliaslive")))
                .containsEntry("LoggingConfiguration", Map.of("Level", "ERROR", "IncludeExecutionData", false))
                .containsEntry("RoleArn", Map.of("Fn::GetAtt", List.of("MachineRole", "Arn")));
        assertThat(properties(app, "MachineRole").get("AssumeRolePolicyDocument").toString())
                .contains("states.amazonaws.com");

        Map<String, Object> rule = properties(app, "MachineCreated");
        assertThat(resource(app, "MachineCreated").get("Type")).isEqualTo("AWS::Events::Rule");
        assertThat(rule.get("EventPattern")).isEqualTo(Map.of("source", List.of("aws.s3")));
        Map<String, Object> target = map(((List<?>) rule.get("Targets")).get(0));
        assertThat(target).containsEntry("Arn", Map.of("Ref", "Machine"))
                .containsEntry("Id", "MachineCreatedStepFunctionsTarget")
                .containsEntry("RoleArn", Map.of("Fn::GetAtt", List.of("MachineCreatedRole", "Arn")));
        Map<String, Object> ruleRole = properties(app, "MachineCreatedRole");
        assertThat(ruleRole.get("AssumeRolePolicyDocument").toString()).contains("events.amazonaws.com");
        assertThat(ruleRole.get("Policies").toString()).contains("states:StartExecution", "Ref=Machine");
    }

    @Test
    void eventInvokeConfigAndRuleRetriesAndDeadLettersAreDeployedAsSamDeploysThem() {
        SamApplication app = transform("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Failed:
                    Type: AWS::SQS::Queue
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: .
                      Runtime: java21
                      Handler: com.example.Hello::handle
                      AutoPublishAlias: live
                      EventInvokeConfig:
                        MaximumRetryAttempts: 1
                        MaximumEventAgeInSeconds: 600
                        DestinationConfig:
                          OnFailure: {Type: SQS, Destination: !GetAtt Failed.Arn}
                      Events:
                        Created:
                          Type: EventBridgeRule
                          Properties:
                            Pattern: {source: [x]}
                            RetryPolicy: {MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 120}
                            DeadLetterConfig: {Arn: !GetAtt Failed.Arn}
                """);
        Map<String, Object> config = resource(app, "HelloEventInvokeConfig");
        assertThat(config.get("Type")).isEqualTo("AWS::Lambda::EventInvokeConfig");
        assertThat(map(config.get("Properties"))).containsEntry("Qualifier", "live")
                .containsEntry("FunctionName", Map.of("Ref", "Hello"))
                .containsEntry("MaximumRetryAttempts", 1).containsEntry("MaximumEventAgeInSeconds", 600)
                .containsEntry("DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of("Failed", "Arn")))));
        assertThat(config.get("DependsOn")).isEqualTo(List.of("HelloAliaslive"));
        // Lambda sends the failure record with the function's role: SAM grants it SendMessage on the queue.
        assertThat(String.valueOf(properties(app, "HelloRole").get("Policies")))
                .contains("sqs:SendMessage*").contains("Fn::GetAtt=[Failed, Arn]");
        Map<String, Object> target = map(((List<?>) properties(app, "HelloCreated").get("Targets")).get(0));
        assertThat(target).containsEntry("RetryPolicy", Map.of("MaximumRetryAttempts", 3, "MaximumEventAgeInSeconds", 120))
                .containsEntry("DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt", List.of("Failed", "Arn"))));
    }

    @Test
    void theOutputIsATemplateWithoutTransformAndGlobals() {
        SamApplication app = transform("""
                AWSTemplateFormatVersion: '2010-09-09'
                Transform: AWS::Serverless-2016-10-31
                Description: d
                Parameters:
                  P: {Type: String, Default: x}
                Globals:
                  Function: {Runtime: java21}
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: ., Handler: a.B}
                Outputs:
                  Name: {Value: !Ref Hello}
                """);
        assertThat(app.template().keySet()).containsExactly("AWSTemplateFormatVersion", "Description", "Parameters",
                "Resources", "Outputs");
        assertThat(app.templateBody()).startsWith("{\"AWSTemplateFormatVersion\":\"2010-09-09\"");
    }

    // ------------------------------------------------------------------ refusals

    private void assertRefused(String resources, String... messageParts) {
        assertThatThrownBy(() -> transform("Transform: AWS::Serverless-2016-10-31\n" + resources))
                .isInstanceOf(SamTemplateException.class)
                .hasMessageContainingAll(messageParts);
    }

    /** Common settings that change nothing locally (X-Ray, storage, concurrency) are accepted, not refused. */
    @Test
    void commonSettingsWithNoLocalEffectAreAccepted() {
        SamApplication app = transform("""
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    Tracing: Active
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: .
                      Runtime: java21
                      Handler: com.example.Hello::handle
                      EphemeralStorage: {Size: 1024}
                      ReservedConcurrentExecutions: 5
                      RuntimeManagementConfig: {UpdateRuntimeOn: Auto}
                      RecursiveLoop: Terminate
                      PropagateTags: true
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties: {DefinitionUri: statemachine/hello.asl.json, Tracing: {Enabled: true}, PropagateTags: true}
                """);
        assertThat(app.function("Hello")).isPresent();
        assertThat(resource(app, "Machine")).containsEntry("Type", "AWS::StepFunctions::StateMachine");
    }

    @Test
    void unsupportedPropertiesAreRefusedNamingTheResourceAndTheProperty() {
        assertRefused("""
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: ., Runtime: java21, Handler: a.B, Layers: [arn:aws:lambda:x]}
                """, "Resources.Hello (AWS::Serverless::Function)", "property Layers", "not supported by the local deployer");
        assertRefused("""
                Resources:
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties: {DefinitionUri: statemachine/hello.asl.json, AutoPublishAlias: live}
                """, "Resources.Machine (AWS::Serverless::StateMachine)", "property AutoPublishAlias");
        assertRefused("""
                Resources:
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachine/hello.asl.json
                      Events:
                        Every:
                          Type: ScheduleV2
                          Properties: {ScheduleExpression: rate(1 minute)}
                """, "Resources.Machine (AWS::Serverless::StateMachine).Events.Every", "Type: 'ScheduleV2'");
        assertRefused("""
                Resources:
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachine/hello.asl.json
                      Events:
                        Created:
                          Type: EventBridgeRule
                          Properties: {Pattern: {source: [x]}, DeadLetterConfig: {Type: SQS}}
                """, "Events.Created", "property DeadLetterConfig");
        assertRefused("""
                Resources:
                  Api:
                    Type: AWS::Serverless::Api
                    Properties: {StageName: prod}
                """, "Resources.Api", "AWS::Serverless::Api is not supported");
        assertRefused("""
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: ., Runtime: python3.12, Handler: app.handler}
                """, "Runtime: python3.12", "only java* runtimes");
        assertRefused("""
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: .
                      Runtime: java21
                      Handler: a.B
                      Policies: [{S3ReadPolicy: {BucketName: b}}]
                """, "Policies: S3ReadPolicy", "policy templates");
        assertRefused("""
                Resources:
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties: {DefinitionUri: statemachine/hello.asl.json, Type: EXPRESS}
                """, "Type: 'EXPRESS'", "STANDARD");
    }

    @Test
    void invalidValuesAreRefusedAsSamWouldRefuseThem() {
        assertRefused("""
                Globals:
                  Function: {Policies: [arn:aws:iam::aws:policy/ReadOnlyAccess]}
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: ., Runtime: java21, Handler: a.B}
                """, "Globals.Function: Policies is not a property SAM accepts in Globals");
        assertRefused("""
                Globals:
                  Api: {Cors: '*'}
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: ., Runtime: java21, Handler: a.B}
                """, "Globals: property Api");
        assertRefused("""
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: .
                      Runtime: java21
                      Handler: a.B
                      Environment: {Variables: {AWS_REGION: eu-west-1}}
                """, "Environment.Variables.AWS_REGION is reserved");
        assertRefused("""
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: missing/folder, Runtime: java21, Handler: a.B}
                """, "CodeUri 'missing/folder' does not exist");
        assertRefused("""
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: ../.., Runtime: java21, Handler: a.B}
                """, "leads outside the checkout");
        assertRefused("""
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: ., Runtime: java21, Handler: 'not a handler'}
                """, "Handler 'not a handler' is not a Java handler");
        assertRefused("""
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: ., Runtime: java21, Handler: a.B, Timeout: 901}
                """, "Timeout is 901; it must be from 1 to 900");
        assertRefused("""
                Resources:
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties: {DefinitionUri: statemachine/missing.asl.json}
                """, "DefinitionUri 'statemachine/missing.asl.json' is not a file of the checkout");
        assertRefused("""
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: ., Runtime: java21, Handler: a.B}
                Outputs:
                  A: {Value: !Ref Hello.Alias}
                """, "Ref Hello.Alias: Hello has no AutoPublishAlias");
        assertRefused("""
                Resources:
                  Hello:
                    Type: AWS::Serverless::Function
                    Properties: {CodeUri: ., Runtime: java21, Handler: a.B}
                  HelloRole:
                    Type: AWS::S3::Bucket
                """, "Resources.HelloRole: SAM generates a resource with this logical ID");
    }

    @Test
    void aTemplateWithoutTheServerlessTransformIsRefused() {
        assertThatThrownBy(() -> transform("Resources: {B: {Type: AWS::S3::Bucket}}"))
                .hasMessageContaining("Transform: template.yaml has none");
        assertThatThrownBy(() -> transform("Transform: AWS::LanguageExtensions\nResources: {B: {Type: AWS::S3::Bucket}}"))
                .hasMessageContaining("'AWS::LanguageExtensions' is not supported");
    }

    @Test
    void theCheckoutIsFoundFromAnyFolderInsideIt() throws IOException {
        Path deep = Files.createDirectories(root.resolve("functions/hello/src"));
        assertThat(ProjectCheckout.enclosing(deep).root()).isEqualTo(root.toAbsolutePath().normalize());
        assertThatThrownBy(() -> ProjectCheckout.at(root.resolve("functions")))
                .hasMessageContaining("there is no template.yaml in");
    }
}
