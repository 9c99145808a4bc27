package dev.mwaaprovisioner.local.cloud.cloudformation.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3, CloudWatch Logs and IAM resource types of the application template, created, updated and
 * deleted through the real CloudFormation API of the local cloud and checked through each
 * service's own API.
 */
class ServiceResourceProvidersTest {

    static final String TEMPLATE = """
            Parameters:
              Retention: {Type: Number, Default: 30}
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  VersioningConfiguration: {Status: Enabled}
                  BucketEncryption:
                    ServerSideEncryptionConfiguration:
                      - ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}
                  PublicAccessBlockConfiguration:
                    BlockPublicAcls: true
                    BlockPublicPolicy: true
                    IgnorePublicAcls: true
                    RestrictPublicBuckets: true
                  OwnershipControls:
                    Rules: [{ObjectOwnership: BucketOwnerEnforced}]
                  NotificationConfiguration:
                    EventBridgeConfiguration: {EventBridgeEnabled: true}
              Policy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Bucket
                  PolicyDocument:
                    Version: '2012-10-17'
                    Statement:
                      - Effect: Deny
                        Principal: '*'
                        Action: 's3:*'
                        Resource: [!GetAtt Bucket.Arn, !Sub '${Bucket.Arn}/*']
                        Condition: {Bool: {'aws:SecureTransport': 'false'}}
              Logs:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: !Sub '/aws/lambda/${AWS::StackName}'
                  RetentionInDays: !Ref Retention
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: '2012-10-17'
                    Statement:
                      - Effect: Allow
                        Principal: {Service: [lambda.amazonaws.com]}
                        Action: [sts:AssumeRole]
                  ManagedPolicyArns:
                    - !Sub 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'
                  Policies:
                    - PolicyName: read-bucket
                      PolicyDocument:
                        Version: '2012-10-17'
                        Statement:
                          - Effect: Allow
                            Action: s3:GetObject
                            Resource: !Sub '${Bucket.Arn}/requests/*'
                  Tags: [{Key: team, Value: platform}]
            Outputs:
              BucketName: {Value: !Ref Bucket}
              RoleArn: {Value: !GetAtt Role.Arn}
              LogGroupArn: {Value: !GetAtt Logs.Arn}
            """;

    static LocalCloud cloud;
    static CloudFormationClient cfn;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(1000));
        cfn = TestClients.client(CloudFormationClient.builder(), cloud);
    }

    @AfterAll
    static void stop() {
        cfn.close();
        cloud.close();
    }

    static Stack awaitSettled(String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Stack stack = cfn.describeStacks(r -> r.stackName(name)).stacks().get(0);
            if (!stack.stackStatusAsString().endsWith("_IN_PROGRESS")) {
                return stack;
            }
            assertThat(System.nanoTime()).as("stack " + name + " settles").isLessThan(deadline);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static Map<String, String> outputs(Stack stack) {
        return stack.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    static String failures(String stack) {
        return cfn.describeStackEvents(r -> r.stackName(stack)).stackEvents().stream()
                .filter(e -> e.resourceStatusReason() != null).map(StackEvent::resourceStatusReason)
                .collect(Collectors.joining("\n"));
    }

    @Test
    void bucketPolicyLogGroupAndRoleAreCreatedUpdatedAndDeleted() {
        cfn.createStack(r -> r.stackName("app").templateBody(TEMPLATE).capabilities(Capability.CAPABILITY_IAM));
        Stack stack = awaitSettled("app");
        assertThat(stack.stackStatusAsString()).as(failures("app")).isEqualTo("CREATE_COMPLETE");
        Map<String, String> outputs = outputs(stack);
        String bucket = outputs.get("BucketName");
        assertThat(bucket).matches("app-bucket-[a-z0-9]{13}");

        try (S3Client s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
             IamClient iam = TestClients.client(IamClient.builder(), cloud);
             CloudWatchLogsClient logs = TestClients.client(CloudWatchLogsClient.builder(), cloud)) {
            assertThat(s3.getBucketVersioning(r -> r.bucket(bucket)).statusAsString()).isEqualTo("Enabled");
            assertThat(s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration().blockPublicAcls())
                    .isTrue();
            assertThat(s3.getBucketNotificationConfiguration(r -> r.bucket(bucket)).eventBridgeConfiguration())
                    .isNotNull();
            assertThat(s3.getBucketPolicy(r -> r.bucket(bucket)).policy())
                    .contains("aws:SecureTransport", "arn:aws:s3:::" + bucket + "/*");

            String role = outputs.get("RoleArn").substring(outputs.get("RoleArn").lastIndexOf('/') + 1);
            assertThat(role).startsWith("app-Role-");
            assertThat(iam.listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies())
                    .extracting(AttachedPolicy::policyName).containsExactly("AWSLambdaBasicExecutionRole");
            String policy = URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(role).policyName("read-bucket"))
                    .policyDocument(), StandardCharsets.UTF_8);
            assertThat(policy).contains("arn:aws:s3:::" + bucket + "/requests/*");
            assertThat(iam.listRoleTags(r -> r.roleName(role)).tags()).anyMatch(t -> t.key().equals("team"));
            assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/app")).logGroups())
                    .singleElement().satisfies(g -> assertThat(g.retentionInDays()).isEqualTo(30));

            cfn.updateStack(r -> r.stackName("app").usePreviousTemplate(true)
                    .parameters(p -> p.parameterKey("Retention").parameterValue("90"))
                    .capabilities(Capability.CAPABILITY_IAM));
            assertThat(awaitSettled("app").stackStatusAsString()).as(failures("app")).isEqualTo("UPDATE_COMPLETE");
            assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/app")).logGroups().get(0)
                    .retentionInDays()).isEqualTo(90);

            cfn.deleteStack(r -> r.stackName("app"));
            assertThat(awaitSettled(stack.stackId()).stackStatusAsString()).isEqualTo("DELETE_COMPLETE");
            assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(bucket));
            assertThat(iam.listRoles().roles()).noneMatch(r -> r.roleName().equals(role));
            assertThat(logs.describeLogGroups().logGroups()).isEmpty();
        }
    }

    @Test
    void settingsTheLocalCloudDoesNotKeepAreRefusedNamingTheResourceAndProperty() {
        String template = """
                Resources:
                  Bucket:
                    Type: AWS::S3::Bucket
                    Properties:
                      CorsConfiguration: {CorsRules: [{AllowedMethods: [GET], AllowedOrigins: ["*"]}]}
                """;
        cfn.createStack(r -> r.stackName("refused").templateBody(template));
        Stack stack = awaitSettled("refused");
        assertThat(stack.stackStatusAsString()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(failures("refused")).contains("CorsConfiguration", "AWS::S3::Bucket", "Bucket",
                "not supported by the local cloud");

        String kms = """
                Resources:
                  Bucket:
                    Type: AWS::S3::Bucket
                    Properties:
                      BucketEncryption:
                        ServerSideEncryptionConfiguration:
                          - ServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}
                """;
        cfn.createStack(r -> r.stackName("kms-bucket").templateBody(kms));
        assertThat(awaitSettled("kms-bucket").stackStatusAsString()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(failures("kms-bucket")).contains("SSEAlgorithm aws:kms is not supported by the local cloud");
    }

    @Test
    void aRoleWithAManagedPolicyTheLocalCloudDoesNotHaveFailsAndLeavesNothing() {
        String template = """
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      RoleName: orphan-check
                      AssumeRolePolicyDocument:
                        Version: '2012-10-17'
                        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
                      ManagedPolicyArns: [arn:aws:iam::000000000000:policy/not-here]
                """;
        cfn.createStack(r -> r.stackName("role-fails").templateBody(template).capabilities(Capability.CAPABILITY_NAMED_IAM));
        assertThat(awaitSettled("role-fails").stackStatusAsString()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(failures("role-fails")).contains("does not exist or is not attachable");
        try (IamClient iam = TestClients.client(IamClient.builder(), cloud)) {
            assertThat(iam.listRoles().roles()).noneMatch(r -> r.roleName().equals("orphan-check"));
        }
    }
}
