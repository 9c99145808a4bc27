package dev.mwaaprovisioner.local.cloud.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateParameter;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** Every CloudFormation operation of the local cloud through the real SDK client. */
class CloudFormationApiTest {

    static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Description: A small network
            Parameters:
              VpcCidr:
                Type: String
                Default: 10.10.0.0/16
                Description: CIDR of the VPC
              SubnetCidr:
                Type: String
                Default: 10.10.1.0/24
              Secret:
                Type: String
                NoEcho: true
                Default: hush
              Stage:
                Type: String
                AllowedValues: [dev, prod]
                Default: dev
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
            Resources:
              Vpc:
                Type: AWS::EC2::VPC
                Properties:
                  CidrBlock: !Ref VpcCidr
                  Tags: [{Key: Name, Value: !Sub '${AWS::StackName}-vpc'}]
              Subnet:
                Type: AWS::EC2::Subnet
                Properties:
                  VpcId: !Ref Vpc
                  CidrBlock: !Ref SubnetCidr
                  AvailabilityZone: !Select [1, !GetAZs '']
              ProdSubnet:
                Type: AWS::EC2::Subnet
                Condition: IsProd
                Properties:
                  VpcId: !Ref Vpc
                  CidrBlock: !Select [200, !Cidr [!Ref VpcCidr, 256, 8]]
            Outputs:
              VpcId:
                Value: !Ref Vpc
                Export: {Name: !Sub '${AWS::StackName}-VpcId'}
              SubnetZone:
                Description: Zone of the subnet
                Value: !GetAtt Subnet.AvailabilityZone
              VpcCidr:
                Value: !GetAtt Vpc.CidrBlock
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

    private static Stack create(String name, String template, Parameter... parameters) {
        String id = cfn.createStack(r -> r.stackName(name).templateBody(template).parameters(parameters)).stackId();
        return StackPolling.awaitSettled(cfn, id);
    }

    private static Map<String, String> outputs(Stack stack) {
        return stack.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    private static void assertValidationError(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CloudFormationException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    @Test
    void describeStacksShowsParametersOutputsAndHidesNoEchoValues() {
        Stack stack = create("describe-me", TEMPLATE);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(stack.description()).isEqualTo("A small network");
        assertThat(stack.parameters()).extracting(Parameter::parameterKey, Parameter::parameterValue)
                .contains(org.assertj.core.groups.Tuple.tuple("Secret", "****"),
                        org.assertj.core.groups.Tuple.tuple("VpcCidr", "10.10.0.0/16"));
        Map<String, String> outputs = outputs(stack);
        assertThat(outputs).containsEntry("SubnetZone", "us-east-1b").containsEntry("VpcCidr", "10.10.0.0/16");
        assertThat(stack.outputs()).filteredOn(o -> o.outputKey().equals("VpcId"))
                .singleElement().satisfies(o -> assertThat(o.exportName()).isEqualTo("describe-me-VpcId"));
        Vpc vpc = ec2.describeVpcs(r -> r.vpcIds(outputs.get("VpcId"))).vpcs().get(0);
        assertThat(vpc.tags()).anySatisfy(t -> assertThat(t.value()).isEqualTo("describe-me-vpc"));

        assertThat(cfn.describeStacks(r -> r.stackName(stack.stackId())).stacks()).hasSize(1);
        assertThat(cfn.describeStacks().stacks()).extracting(Stack::stackName).contains("describe-me");
        assertThat(cfn.listExports().exports()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("describe-me-VpcId");
            assertThat(e.value()).isEqualTo(outputs.get("VpcId"));
            assertThat(e.exportingStackId()).isEqualTo(stack.stackId());
        });
        assertValidationError(() -> cfn.describeStacks(r -> r.stackName("no-such-stack")),
                "Stack with id no-such-stack does not exist");

        // The conditional resource is not part of the stack.
        List<StackResource> resources = cfn.describeStackResources(r -> r.stackName("describe-me")).stackResources();
        assertThat(resources).extracting(StackResource::logicalResourceId).containsExactly("Vpc", "Subnet");
        assertThat(resources).allSatisfy(r -> assertThat(r.resourceStatusAsString()).isEqualTo("CREATE_COMPLETE"));
        assertThat(cfn.describeStackResources(r -> r.physicalResourceId(outputs.get("VpcId"))).stackResources())
                .extracting(StackResource::stackName).containsOnly("describe-me");
        assertThat(cfn.describeStackResource(r -> r.stackName("describe-me").logicalResourceId("Subnet"))
                .stackResourceDetail().resourceType()).isEqualTo("AWS::EC2::Subnet");
        assertValidationError(() -> cfn.describeStackResource(r -> r.stackName("describe-me")
                .logicalResourceId("Nope")), "Resource Nope does not exist for stack describe-me");
        assertThat(cfn.listStackResources(r -> r.stackName("describe-me")).stackResourceSummaries()).hasSize(2);
        assertThat(cfn.getTemplate(r -> r.stackName("describe-me")).templateBody()).isEqualTo(TEMPLATE);
    }

    @Test
    void createStackRejectsDuplicatesAndBadRequests() {
        create("twice", TEMPLATE, Parameter.builder().parameterKey("VpcCidr").parameterValue("10.11.0.0/16").build(),
                Parameter.builder().parameterKey("SubnetCidr").parameterValue("10.11.1.0/24").build());
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("twice").templateBody(TEMPLATE)))
                .isInstanceOfSatisfying(AlreadyExistsException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("Stack [twice] already exists"));
        assertValidationError(() -> cfn.createStack(r -> r.stackName("bad").templateBody(TEMPLATE).parameters(
                Parameter.builder().parameterKey("Stage").parameterValue("test").build())),
                "Parameter 'Stage' must be one of AllowedValues");
        assertValidationError(() -> cfn.createStack(r -> r.stackName("bad_name").templateBody(TEMPLATE)),
                "1 validation error detected: Value 'bad_name' at 'stackName' failed to satisfy constraint: Member"
                        + " must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
        assertValidationError(() -> cfn.createStack(r -> r.stackName("no-template")),
                "Either Template URL or Template Body must be specified.");
        assertValidationError(() -> cfn.createStack(r -> r.stackName("by-url")
                .templateURL("https://bucket.s3.amazonaws.com/t.yaml")), "TemplateURL is not supported by the local"
                + " cloud: pass the template in TemplateBody (aws cloudformation ... --template-body"
                + " file://template.yaml).");
        assertThat(cfn.describeStacks().stacks()).extracting(Stack::stackName).doesNotContain("bad", "bad_name");
    }

    @Test
    void validateTemplateReturnsParametersAndDescriptionOrTheError() {
        var result = cfn.validateTemplate(r -> r.templateBody(TEMPLATE));
        assertThat(result.description()).isEqualTo("A small network");
        assertThat(result.parameters()).extracting(TemplateParameter::parameterKey)
                .containsExactly("VpcCidr", "SubnetCidr", "Secret", "Stage");
        assertThat(result.parameters().get(0).defaultValue()).isEqualTo("10.10.0.0/16");
        assertThat(result.parameters().get(0).description()).isEqualTo("CIDR of the VPC");
        assertThat(result.parameters().get(2).noEcho()).isTrue();
        assertValidationError(() -> cfn.validateTemplate(r -> r.templateBody(
                "Resources:\n  Q:\n    Type: AWS::SNS::Topic\n")),
                "Template format error: Unrecognized resource types: [AWS::SNS::Topic]");
    }

    @Test
    void updateStackAppliesTagChangesInPlaceAndReplacesOnCidrChange() {
        Stack created = create("updatable", TEMPLATE, Parameter.builder().parameterKey("VpcCidr")
                .parameterValue("10.12.0.0/16").build(), Parameter.builder().parameterKey("SubnetCidr")
                .parameterValue("10.12.1.0/24").build());
        String vpcId = outputs(created).get("VpcId");

        assertValidationError(() -> cfn.updateStack(r -> r.stackName("updatable").usePreviousTemplate(true)
                .parameters(Parameter.builder().parameterKey("VpcCidr").usePreviousValue(true).build(),
                        Parameter.builder().parameterKey("SubnetCidr").usePreviousValue(true).build())),
                "No updates are to be performed.");

        // Stack tags reach every resource, in place: same VPC.
        cfn.updateStack(r -> r.stackName("updatable").usePreviousTemplate(true)
                .parameters(Parameter.builder().parameterKey("VpcCidr").usePreviousValue(true).build(),
                        Parameter.builder().parameterKey("SubnetCidr").usePreviousValue(true).build())
                .tags(Tag.builder().key("cost-center").value("42").build()));
        Stack tagged = StackPolling.awaitSettled(cfn, "updatable");
        assertThat(tagged.stackStatus()).as(tagged.stackStatusReason() + StackPolling.eventsOldestFirst(cfn,
                "updatable")).isEqualTo(StackStatus.UPDATE_COMPLETE);
        assertThat(outputs(tagged).get("VpcId")).isEqualTo(vpcId);
        assertThat(ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs().get(0).tags())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("cost-center=42"));

        // A new CIDR needs a new VPC (and so a new subnet); the old ones are deleted in clean-up.
        cfn.updateStack(r -> r.stackName("updatable").usePreviousTemplate(true).parameters(
                Parameter.builder().parameterKey("VpcCidr").parameterValue("10.13.0.0/16").build(),
                Parameter.builder().parameterKey("SubnetCidr").parameterValue("10.13.1.0/24").build()));
        Stack replaced = StackPolling.awaitSettled(cfn, "updatable");
        assertThat(replaced.stackStatus()).as(replaced.stackStatusReason()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        String newVpcId = outputs(replaced).get("VpcId");
        assertThat(newVpcId).isNotEqualTo(vpcId);
        assertThat(outputs(replaced)).containsEntry("VpcCidr", "10.13.0.0/16");
        assertThat(ec2.describeVpcs(r -> r.filters(f -> f.name("vpc-id").values(vpcId))).vpcs()).isEmpty();
        assertThat(ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(newVpcId))).subnets())
                .extracting(Subnet::cidrBlock).containsExactly("10.13.1.0/24");
        assertThat(StackPolling.eventsOldestFirst(cfn, "updatable")).anySatisfy(e -> assertThat(
                e.resourceStatusReason()).isEqualTo("Requested update requires the creation of a new physical"
                + " resource; hence creating one."));
        assertThat(replaced.lastUpdatedTime()).isAfter(replaced.creationTime());

        // A condition that turns true adds a resource.
        cfn.updateStack(r -> r.stackName("updatable").usePreviousTemplate(true).parameters(
                Parameter.builder().parameterKey("VpcCidr").usePreviousValue(true).build(),
                Parameter.builder().parameterKey("SubnetCidr").usePreviousValue(true).build(),
                Parameter.builder().parameterKey("Stage").parameterValue("prod").build()));
        Stack withProd = StackPolling.awaitSettled(cfn, "updatable");
        assertThat(withProd.stackStatus()).as(withProd.stackStatusReason()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        assertThat(ec2.describeSubnets(r -> r.filters(f -> f.name("cidr-block").values("10.13.200.0/24"))).subnets())
                .hasSize(1);
        assertThat(cfn.describeStackResources(r -> r.stackName("updatable")).stackResources())
                .extracting(StackResource::logicalResourceId).containsExactly("Vpc", "Subnet", "ProdSubnet");
    }

    @Test
    void updateStackRefusesMissingStacksAndStacksThatCannotBeUpdated() {
        assertValidationError(() -> cfn.updateStack(r -> r.stackName("ghost").templateBody(TEMPLATE)),
                "Stack [ghost] does not exist");
        cfn.createStack(r -> r.stackName("rolled-back").templateBody("""
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/8}}
                """));
        Stack stack = StackPolling.awaitSettled(cfn, "rolled-back");
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertValidationError(() -> cfn.updateStack(r -> r.stackName("rolled-back").templateBody(TEMPLATE)),
                "Stack:" + stack.stackId() + " is in ROLLBACK_COMPLETE state and can not be updated.");
    }

    @Test
    void deleteStackIsIdempotentAndADeletedStackIsVisibleByIdOnly() {
        Stack stack = create("short-lived", TEMPLATE, Parameter.builder().parameterKey("VpcCidr")
                .parameterValue("10.14.0.0/16").build(), Parameter.builder().parameterKey("SubnetCidr")
                .parameterValue("10.14.1.0/24").build());
        String vpcId = outputs(stack).get("VpcId");
        cfn.deleteStack(r -> r.stackName("short-lived"));
        Stack deleted = StackPolling.awaitSettled(cfn, stack.stackId());
        assertThat(deleted.stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
        assertThat(deleted.deletionTime()).isNotNull();
        cfn.deleteStack(r -> r.stackName("short-lived"));
        cfn.deleteStack(r -> r.stackName("never-existed"));
        assertValidationError(() -> cfn.describeStacks(r -> r.stackName("short-lived")),
                "Stack with id short-lived does not exist");
        assertThat(cfn.describeStacks().stacks()).extracting(Stack::stackName).doesNotContain("short-lived");
        assertThat(cfn.describeStackResources(r -> r.stackName(stack.stackId())).stackResources())
                .allSatisfy(r -> assertThat(r.resourceStatusAsString()).isEqualTo("DELETE_COMPLETE"));
        assertThat(ec2.describeVpcs(r -> r.filters(f -> f.name("vpc-id").values(vpcId))).vpcs()).isEmpty();

        // Deleted events: resources in reverse order, subnet before VPC.
        List<String> deletions = StackPolling.eventsOldestFirst(cfn, stack.stackId()).stream()
                .filter(e -> e.resourceStatusAsString().equals("DELETE_COMPLETE"))
                .map(e -> e.logicalResourceId()).toList();
        assertThat(deletions).containsExactly("Subnet", "Vpc", "short-lived");

        List<StackSummary> summaries = cfn.listStacks(r -> r.stackStatusFilters(StackStatus.DELETE_COMPLETE))
                .stackSummaries();
        assertThat(summaries).extracting(StackSummary::stackId).contains(stack.stackId());
        assertThat(summaries).allSatisfy(s -> assertThat(s.stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE));
        assertThat(cfn.listStacks().stackSummaries()).extracting(StackSummary::stackName).contains("short-lived");
    }

    @Test
    void terminationProtectionAndImportsProtectStacksFromDeletion() {
        create("exporter", TEMPLATE, Parameter.builder().parameterKey("VpcCidr").parameterValue("10.15.0.0/16")
                .build(), Parameter.builder().parameterKey("SubnetCidr").parameterValue("10.15.1.0/24").build());
        Stack importer = create("importer", """
                Resources:
                  Subnet:
                    Type: AWS::EC2::Subnet
                    Properties:
                      VpcId: !ImportValue exporter-VpcId
                      CidrBlock: 10.15.9.0/24
                """);
        assertThat(importer.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        cfn.deleteStack(r -> r.stackName("exporter"));
        Stack blocked = StackPolling.awaitSettled(cfn, "exporter");
        assertThat(blocked.stackStatus()).isEqualTo(StackStatus.DELETE_FAILED);
        assertThat(blocked.stackStatusReason()).isEqualTo("Export exporter-VpcId cannot be deleted as it is in use"
                + " by importer");
        assertValidationError(() -> cfn.createStack(r -> r.stackName("orphan").templateBody("""
                Resources:
                  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !ImportValue nothing, CidrBlock: 10.0.0.0/24}}
                """)), "No export named nothing found.");

        cfn.updateTerminationProtection(r -> r.stackName("importer").enableTerminationProtection(true));
        assertValidationError(() -> cfn.deleteStack(r -> r.stackName("importer")),
                "Stack [importer] cannot be deleted while TerminationProtection is enabled");
        cfn.updateTerminationProtection(r -> r.stackName("importer").enableTerminationProtection(false));
        cfn.deleteStack(r -> r.stackName("importer"));
        assertThat(StackPolling.awaitSettled(cfn, importer.stackId()).stackStatus())
                .isEqualTo(StackStatus.DELETE_COMPLETE);
        cfn.deleteStack(r -> r.stackName("exporter"));
        assertThat(StackPolling.awaitSettled(cfn, blocked.stackId()).stackStatus())
                .isEqualTo(StackStatus.DELETE_COMPLETE);
    }

    @Test
    void operationsTheLocalCloudDoesNotEmulateAreRefused() {
        assertThatThrownBy(() -> cfn.createChangeSet(r -> r.stackName("x").changeSetName("y").templateBody(TEMPLATE)))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("AWS CloudFormation operation CreateChangeSet is"
                        + " not supported by the local cloud"));
    }
}
