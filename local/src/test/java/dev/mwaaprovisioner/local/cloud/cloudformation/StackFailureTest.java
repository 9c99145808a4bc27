package dev.mwaaprovisioner.local.cloud.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.OnFailure;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * How stacks fail, as CloudFormation fails them: template errors refused at CreateStack, resource
 * failures rolled back with the reason in the events, DisableRollback, OnFailure DELETE, injected
 * faults.
 */
class StackFailureTest {

    static LocalCloud cloud;
    static CloudFormationClient cfn;
    static Ec2Regions ec2;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(2000));
        cfn = TestClients.client(CloudFormationClient.builder(), cloud, Region.US_EAST_1,
                c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        ec2 = cloud.service(Ec2Regions.class);
    }

    @AfterAll
    static void stop() {
        cfn.close();
        cloud.close();
    }

    @AfterEach
    void clearFaults() {
        cloud.faults().clear();
    }

    private static void assertRefused(String name, String template, String message) {
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName(name).templateBody(template)))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
                });
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName(name))).isInstanceOf(
                CloudFormationException.class);
    }

    private static Stack createAndSettle(String name, String template) {
        return StackPolling.awaitSettled(cfn, cfn.createStack(r -> r.stackName(name).templateBody(template)).stackId());
    }

    private static StackEvent failedEvent(String stackName, String logicalId) {
        return StackPolling.eventsOldestFirst(cfn, stackName).stream()
                .filter(e -> e.logicalResourceId().equals(logicalId) && e.resourceStatusAsString().endsWith("_FAILED"))
                .findFirst().orElseThrow(() -> new AssertionError("no failure event for " + logicalId));
    }

    @Test
    void templateErrorsAreRefusedBeforeAnythingIsCreated() {
        assertRefused("unknown-type", """
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
                  Topic: {Type: AWS::SNS::Topic}
                """, "Template format error: Unrecognized resource types: [AWS::SNS::Topic]");
        assertRefused("bad-ref", """
                Resources:
                  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref TheVpc, CidrBlock: 10.0.0.0/24}}
                """, "Template format error: Unresolved resource dependencies [TheVpc] in the Resources block of the"
                + " template");
        assertRefused("circular", """
                Resources:
                  GroupA:
                    Type: AWS::EC2::SecurityGroup
                    Properties:
                      GroupDescription: a
                      VpcId: !Ref Vpc
                      SecurityGroupIngress: [{IpProtocol: '-1', SourceSecurityGroupId: !Ref GroupB}]
                  GroupB:
                    Type: AWS::EC2::SecurityGroup
                    Properties:
                      GroupDescription: b
                      VpcId: !Ref Vpc
                      SecurityGroupIngress: [{IpProtocol: '-1', SourceSecurityGroupId: !Ref GroupA}]
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
                """, "Circular dependency between resources: [GroupA, GroupB]");
        assertRefused("bad-select", """
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
                  Subnet:
                    Type: AWS::EC2::Subnet
                    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [3, !GetAZs '']}
                """, "Template error: Fn::Select cannot select nonexistent value at index 3");
        assertRefused("conditional-ref", """
                Parameters: {Make: {Type: String, Default: 'no'}}
                Conditions: {MakeVpc: !Equals [!Ref Make, 'yes']}
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Condition: MakeVpc, Properties: {CidrBlock: 10.0.0.0/16}}
                  Gateway: {Type: AWS::EC2::InternetGateway, Properties: {Tags: [{Key: vpc, Value: !Ref Vpc}]}}
                """, "Template format error: Unresolved resource dependencies [Vpc] in the Resources block of the"
                + " template");
        assertRefused("bad-yaml", "Resources:\n  Vpc: {Type: AWS::EC2::VPC\n", cfnErrorOf("Resources:\n  Vpc: {Type:"
                + " AWS::EC2::VPC\n"));
        assertThat(ec2.isEmpty()).isTrue();
    }

    private static String cfnErrorOf(String body) {
        try {
            cfn.validateTemplate(r -> r.templateBody(body));
            throw new AssertionError("valid: " + body);
        } catch (CloudFormationException e) {
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Template format error: YAML not well-formed.");
            return e.awsErrorDetails().errorMessage();
        }
    }

    @Test
    void aMalformedCidrFailsTheResourceAndRollsTheStackBack() {
        Stack stack = createAndSettle("bad-cidr", """
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.20.0.0/16}}
                  Gateway: {Type: AWS::EC2::InternetGateway}
                  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.20.300.0/24}}
                """);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(stack.stackStatusReason()).isNull();
        StackEvent failure = failedEvent("bad-cidr", "Subnet");
        assertThat(failure.resourceStatusAsString()).isEqualTo("CREATE_FAILED");
        assertThat(failure.resourceStatusReason()).startsWith("Value (10.20.300.0/24) for parameter cidrBlock is"
                + " invalid. This is not a valid CIDR block. (Service: AmazonEC2; Status Code: 400; Error Code:"
                + " InvalidParameterValue; Request ID: ");
        List<StackEvent> events = StackPolling.eventsOldestFirst(cfn, "bad-cidr");
        assertThat(events).filteredOn(e -> e.logicalResourceId().equals("bad-cidr"))
                .extracting(StackEvent::resourceStatusAsString, StackEvent::resourceStatusReason).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("CREATE_IN_PROGRESS", "User Initiated"),
                        org.assertj.core.groups.Tuple.tuple("ROLLBACK_IN_PROGRESS",
                                "The following resource(s) failed to create: [Subnet]. Rollback requested by user."),
                        org.assertj.core.groups.Tuple.tuple("ROLLBACK_COMPLETE", null));
        assertThat(events).filteredOn(e -> e.resourceStatusAsString().equals("DELETE_COMPLETE"))
                .extracting(StackEvent::logicalResourceId).containsExactlyInAnyOrder("Vpc", "Gateway");
        assertThat(ec2.isEmpty()).as(ec2.region("us-east-1").counts().toString()).isTrue();
    }

    @Test
    void unknownAndMissingPropertiesFailTheResource() {
        Stack stack = createAndSettle("bad-properties", """
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.21.0.0/16, EnableDnsSuport: true}}
                """);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(failedEvent("bad-properties", "Vpc").resourceStatusReason()).isEqualTo("Properties validation failed"
                + " for resource Vpc with message: [#: extraneous key [EnableDnsSuport] is not permitted]");

        Stack missing = createAndSettle("missing-property", """
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.22.0.0/16}}
                  Table: {Type: AWS::EC2::RouteTable, Properties: {Tags: [{Key: a, Value: b}]}}
                """);
        assertThat(missing.stackStatus()).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(failedEvent("missing-property", "Table").resourceStatusReason()).isEqualTo("Properties validation"
                + " failed for resource Table with message: [#: required key [VpcId] not found]");
        assertThat(ec2.isEmpty()).isTrue();
    }

    @Test
    void disableRollbackKeepsWhatWasCreatedAndOnFailureDeleteRemovesTheStack() {
        String template = """
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.23.0.0/16}}
                  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.99.0.0/24}}
                """;
        String kept = cfn.createStack(r -> r.stackName("kept").templateBody(template).disableRollback(true)).stackId();
        Stack stack = StackPolling.awaitSettled(cfn, kept);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_FAILED);
        assertThat(stack.stackStatusReason()).isEqualTo("The following resource(s) failed to create: [Subnet]. ");
        assertThat(stack.disableRollback()).isTrue();
        assertThat(failedEvent("kept", "Subnet").resourceStatusReason()).startsWith("The CIDR '10.99.0.0/24' is"
                + " invalid. (Service: AmazonEC2; Status Code: 400; Error Code: InvalidSubnet.Range;");
        assertThat(ec2.region("us-east-1").counts()).containsEntry("vpcs", 1);
        cfn.deleteStack(r -> r.stackName("kept"));
        assertThat(StackPolling.awaitSettled(cfn, kept).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);

        String gone = cfn.createStack(r -> r.stackName("gone").templateBody(template).onFailure(OnFailure.DELETE))
                .stackId();
        assertThat(StackPolling.awaitSettled(cfn, gone).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
        assertThat(ec2.isEmpty()).isTrue();
    }

    @Test
    void anInjectedResourceFaultFailsTheNamedResource() {
        cloud.faults().failResource(CloudFormationStacks.FAULT_KIND, "faulty", "CREATE_FAILED",
                Map.of("reason", "Resource handler returned message: \"Rate exceeded\"", "logicalResourceId", "Subnet"),
                1);
        Stack stack = createAndSettle("faulty", """
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.24.0.0/16}}
                  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.24.0.0/24}}
                """);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(failedEvent("faulty", "Subnet").resourceStatusReason())
                .isEqualTo("Resource handler returned message: \"Rate exceeded\"");
        assertThat(cloud.faults().resourceFaults()).singleElement().satisfies(f -> assertThat(f.triggered())
                .isEqualTo(1));

        // Used up: the same template now succeeds.
        cfn.deleteStack(r -> r.stackName("faulty"));
        StackPolling.awaitSettled(cfn, stack.stackId());
        Stack again = createAndSettle("faulty", """
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.24.0.0/16}}
                """);
        assertThat(again.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        cfn.deleteStack(r -> r.stackName("faulty"));
        assertThat(StackPolling.awaitSettled(cfn, again.stackId()).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
    }

    @Test
    void anInjectedDeleteFaultKeepsTheResourceAndTheStackEndsDeleteFailed() {
        Stack stack = createAndSettle("undeletable", """
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.27.0.0/16}}
                  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.27.0.0/24}}
                """);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        String reason = "The vpc has dependencies and cannot be deleted.";
        cloud.faults().failResource(CloudFormationStacks.FAULT_KIND, "undeletable", "DELETE_FAILED",
                Map.of("reason", reason, "logicalResourceId", "Vpc"), 1);
        cfn.deleteStack(r -> r.stackName("undeletable"));
        Stack failed = StackPolling.awaitSettled(cfn, stack.stackId());
        assertThat(failed.stackStatus()).isEqualTo(StackStatus.DELETE_FAILED);
        assertThat(failed.stackStatusReason()).isEqualTo("The following resource(s) failed to delete: [Vpc]. ");
        assertThat(failedEvent("undeletable", "Vpc").resourceStatusAsString()).isEqualTo("DELETE_FAILED");
        assertThat(failedEvent("undeletable", "Vpc").resourceStatusReason()).isEqualTo(reason);
        assertThat(ec2.region("us-east-1").counts()).as("the subnet went, the VPC stays")
                .containsEntry("vpcs", 1).containsEntry("subnets", 0);
        assertThat(cloud.faults().resourceFaults()).singleElement().satisfies(f -> assertThat(f.triggered())
                .isEqualTo(1));

        // Used up: deleting again removes the rest.
        cfn.deleteStack(r -> r.stackName("undeletable"));
        assertThat(StackPolling.awaitSettled(cfn, stack.stackId()).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
        assertThat(ec2.isEmpty()).isTrue();
    }

    @Test
    void anInjectedOperationFaultAnswersWithTheError() {
        cloud.faults().failOperation("cloudformation", "CreateStack", "Throttling", 400, "Rate exceeded", 1);
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("throttled").templateBody("""
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.25.0.0/16}}
                """))).isInstanceOfSatisfying(CloudFormationException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                });
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("throttled")))
                .isInstanceOf(CloudFormationException.class);
    }

    @Test
    void aStackIsSeenInProgressAndCanBeDeletedBeforeItCompletes() {
        // An hour of simulated creation takes 36 s at scale 100: the stack is deleted long before.
        try (LocalCloud slow = LocalCloud.start(slowCloudFormation())) {
            CloudFormationClient client = TestClients.client(CloudFormationClient.builder(), slow);
            String id = client.createStack(r -> r.stackName("slow").templateBody("""
                    Resources:
                      Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.26.0.0/16}}
                      Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.26.0.0/24}}
                    """)).stackId();
            Stack inProgress = client.describeStacks(r -> r.stackName("slow")).stacks().get(0);
            assertThat(inProgress.stackStatus()).isEqualTo(StackStatus.CREATE_IN_PROGRESS);
            assertThat(client.describeStackResources(r -> r.stackName("slow")).stackResources())
                    .extracting(res -> res.logicalResourceId() + ":" + res.resourceStatusAsString())
                    .containsExactly("Vpc:CREATE_IN_PROGRESS");
            client.deleteStack(r -> r.stackName("slow"));
            assertThat(StackPolling.awaitSettled(client, id).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
            assertThat(slow.service(Ec2Regions.class).isEmpty()).isTrue();
            client.close();
        }
    }

    private static LocalCloudConfig slowCloudFormation() {
        CloudFormationSettings hour = new CloudFormationSettings(java.time.Duration.ofHours(1),
                java.time.Duration.ofHours(1), java.time.Duration.ofMinutes(1));
        return LocalCloudConfig.defaults().withTimeScale(100).withServices(List.of(
                dev.mwaaprovisioner.local.cloud.ec2.Ec2Service::new,
                context -> new CloudFormationService(context, hour)));
    }
}
