package dev.mwaaprovisioner.local.cloud.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** A failed update is rolled back: in-place changes undone, new resources deleted, the old ones kept. */
class StackUpdateRollbackTest {

    static final String TEMPLATE = """
            Parameters:
              SubnetCidr: {Type: String, Default: 10.30.1.0/24}
              HttpsFrom: {Type: String, Default: 10.30.0.0/16}
            Resources:
              Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.30.0.0/16}}
              Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: !Ref SubnetCidr}}
              Group:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  GroupDescription: web
                  VpcId: !Ref Vpc
                  SecurityGroupIngress:
                    - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !Ref HttpsFrom}
            Outputs:
              SubnetId: {Value: !Ref Subnet}
              GroupId: {Value: !GetAtt Group.GroupId}
            """;

    static LocalCloud cloud;
    static CloudFormationClient cfn;
    static Ec2Client ec2;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(2000));
        cfn = TestClients.client(CloudFormationClient.builder(), cloud);
        ec2 = TestClients.client(Ec2Client.builder(), cloud);
    }

    @AfterAll
    static void stop() {
        cfn.close();
        ec2.close();
        cloud.close();
    }

    private static Map<String, String> outputs(Stack stack) {
        return stack.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    private static List<String> ingressCidrs(String groupId) {
        return ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0).ipPermissions().stream()
                .map(IpPermission::ipRanges).flatMap(List::stream).map(range -> range.cidrIp()).toList();
    }

    @Test
    void aFailedReplacementRollsTheWholeUpdateBack() {
        String stackId = cfn.createStack(r -> r.stackName("rollback").templateBody(TEMPLATE)).stackId();
        Stack created = StackPolling.awaitSettled(cfn, stackId);
        assertThat(created.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        Map<String, String> before = outputs(created);
        assertThat(ingressCidrs(before.get("GroupId"))).containsExactly("10.30.0.0/16");

        // The group's rule changes in place; the subnet must be replaced, into a CIDR outside the VPC.
        cfn.updateStack(r -> r.stackName("rollback").usePreviousTemplate(true).parameters(
                Parameter.builder().parameterKey("SubnetCidr").parameterValue("10.31.1.0/24").build(),
                Parameter.builder().parameterKey("HttpsFrom").parameterValue("0.0.0.0/0").build()));
        Stack rolledBack = StackPolling.awaitSettled(cfn, stackId);

        assertThat(rolledBack.stackStatus()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
        List<StackEvent> events = StackPolling.eventsOldestFirst(cfn, stackId);
        assertThat(events).filteredOn(e -> e.logicalResourceId().equals("rollback"))
                .extracting(StackEvent::resourceStatusAsString).containsSubsequence("UPDATE_IN_PROGRESS",
                        "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
                        "UPDATE_ROLLBACK_COMPLETE");
        assertThat(events).filteredOn(e -> e.resourceStatusAsString().equals("UPDATE_ROLLBACK_IN_PROGRESS"))
                .singleElement().satisfies(e -> assertThat(e.resourceStatusReason())
                        .isEqualTo("The following resource(s) failed to update: [Subnet]. "));
        assertThat(events).filteredOn(e -> e.logicalResourceId().equals("Subnet")
                && e.resourceStatusAsString().equals("UPDATE_FAILED")).singleElement()
                .satisfies(e -> assertThat(e.resourceStatusReason()).startsWith("The CIDR '10.31.1.0/24' is invalid."));

        assertThat(outputs(rolledBack)).isEqualTo(before);
        assertThat(cfn.describeStackResources(r -> r.stackName("rollback")).stackResources())
                .extracting(res -> res.logicalResourceId() + ":" + res.resourceStatusAsString())
                .containsExactly("Vpc:CREATE_COMPLETE", "Subnet:UPDATE_COMPLETE", "Group:UPDATE_COMPLETE");
        assertThat(rolledBack.parameters()).filteredOn(p -> p.parameterKey().equals("SubnetCidr"))
                .extracting(Parameter::parameterValue).containsExactly("10.30.1.0/24");
        assertThat(ingressCidrs(before.get("GroupId"))).containsExactly("10.30.0.0/16");
        assertThat(ec2.describeSubnets(r -> r.filters(f -> f.name("tag:aws:cloudformation:stack-name").values("rollback")))
                .subnets()).extracting(Subnet::subnetId)
                .containsExactly(before.get("SubnetId"));

        // The stack is usable again: a valid update goes through.
        cfn.updateStack(r -> r.stackName("rollback").usePreviousTemplate(true).parameters(
                Parameter.builder().parameterKey("SubnetCidr").parameterValue("10.30.2.0/24").build(),
                Parameter.builder().parameterKey("HttpsFrom").usePreviousValue(true).build()));
        Stack updated = StackPolling.awaitSettled(cfn, stackId);
        assertThat(updated.stackStatus()).as(updated.stackStatusReason()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        assertThat(ec2.describeSubnets(r -> r.filters(f -> f.name("tag:aws:cloudformation:stack-name").values("rollback")))
                .subnets()).extracting(Subnet::cidrBlock).containsExactly("10.30.2.0/24");
    }

    @Test
    void anInjectedUpdateFaultUndoesInPlaceChanges() {
        String stackId = cfn.createStack(r -> r.stackName("update-fault").templateBody(TEMPLATE.replace("10.30.",
                "10.32."))).stackId();
        Map<String, String> before = outputs(StackPolling.awaitSettled(cfn, stackId));
        cloud.faults().failResource(CloudFormationStacks.FAULT_KIND, "update-fault", "UPDATE_FAILED",
                Map.of("logicalResourceId", "Subnet", "reason", "injected"), 1);
        cfn.updateStack(r -> r.stackName("update-fault").usePreviousTemplate(true).parameters(
                Parameter.builder().parameterKey("SubnetCidr").parameterValue("10.32.5.0/24").build(),
                Parameter.builder().parameterKey("HttpsFrom").parameterValue("10.32.0.0/24").build()));
        Stack rolledBack = StackPolling.awaitSettled(cfn, stackId);
        assertThat(rolledBack.stackStatus()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
        assertThat(ingressCidrs(before.get("GroupId"))).containsExactly("10.32.0.0/16");
        assertThat(ec2.describeSubnets(r -> r.subnetIds(before.get("SubnetId"))).subnets()).singleElement()
                .satisfies(s -> assertThat(s.cidrBlock()).isEqualTo("10.32.1.0/24"));
    }
}
