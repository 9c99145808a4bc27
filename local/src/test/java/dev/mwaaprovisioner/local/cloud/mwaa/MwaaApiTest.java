package dev.mwaaprovisioner.local.cloud.mwaa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MwaaApiTest {

    private static final MwaaScope SCOPE = MwaaScope.of(InMemoryResources.ACCOUNT, "us-east-1");

    private Instant now = Instant.parse("2026-11-28T10:00:00Z");
    private final PlantedFaults faults = new PlantedFaults();
    private final InMemoryResources resources = InMemoryResources.complete();
    private final MwaaApi api = new MwaaApi(MwaaOptions.defaults(), () -> now, faults);

    /** Faults planted by the tests, consumed as the real fault injector consumes them. */
    static final class PlantedFaults implements MwaaFaults {
        final Map<String, Integer> roleFailures = new HashMap<>();
        final Map<String, LastUpdate.Failure> creation = new HashMap<>();
        final Map<String, LastUpdate.Failure> update = new HashMap<>();

        @Override
        public boolean roleNotYetAssumable(String roleArn) {
            int left = roleFailures.getOrDefault(roleArn, 0);
            if (left == 0) {
                return false;
            }
            roleFailures.put(roleArn, left - 1);
            return true;
        }

        @Override
        public Optional<LastUpdate.Failure> creationFailure(String name) {
            return Optional.ofNullable(creation.remove(name));
        }

        @Override
        public Optional<LastUpdate.Failure> updateFailure(String name) {
            return Optional.ofNullable(update.remove(name));
        }
    }

    private void elapse(Duration d) {
        now = now.plus(d);
    }

    private JsonNode get(String name) {
        return api.getEnvironment(SCOPE, name).get("Environment");
    }

    private String status(String name) {
        return get(name).get("Status").asText();
    }

    private MwaaException fails(Runnable call) {
        try {
            call.run();
        } catch (MwaaException e) {
            return e;
        }
        throw new AssertionError("expected an MWAA error");
    }

    @Test
    void createReturnsTheArnAndTheEnvironmentBecomesAvailableAfterTheCreationTime() {
        JsonNode out = api.createEnvironment(SCOPE, resources, "analytics-dev", Requests.create());
        assertThat(out.get("Arn").asText()).isEqualTo("arn:aws:airflow:us-east-1:000000000000:environment/analytics-dev");

        JsonNode env = get("analytics-dev");
        assertThat(env.get("Status").asText()).isEqualTo("CREATING");
        assertThat(env.get("LastUpdate").get("Status").asText()).isEqualTo("PENDING");
        assertThat(env.has("WebserverUrl")).isFalse();
        assertThat(env.get("ServiceRoleArn").asText()).endsWith(":role/aws-service-role/airflow.amazonaws.com/"
                + "AWSServiceRoleForAmazonMWAA");
        assertThat(resources.serviceLinkedRoleCalls).isEqualTo(1);
        assertThat(env.get("CeleryExecutorQueue").asText()).startsWith("arn:aws:sqs:us-east-1:000000000000:airflow-celery-");
        assertThat(env.get("CreatedAt").decimalValue().longValue()).isEqualTo(now.getEpochSecond());

        elapse(Duration.ofMinutes(24));
        assertThat(status("analytics-dev")).isEqualTo("CREATING");
        elapse(Duration.ofMinutes(1));
        env = get("analytics-dev");
        assertThat(env.get("Status").asText()).isEqualTo("AVAILABLE");
        assertThat(env.get("LastUpdate").get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(env.get("WebserverUrl").asText())
                .matches("[0-9a-f-]{36}\\.c[1-9]\\.us-east-1\\.airflow\\.amazonaws\\.com");
    }

    @Test
    void getReturnsEveryConfiguredMemberIncludingTheConfigurationOptions() {
        ObjectNode body = Requests.create().put("EnvironmentClass", "mw1.medium").put("MaxWorkers", 6);
        body.putObject("AirflowConfigurationOptions").put("core.default_timezone", "utc");
        body.putObject("LoggingConfiguration").putObject("TaskLogs").put("Enabled", true).put("LogLevel", "WARNING");
        body.putObject("Tags").put("team", "data");
        api.createEnvironment(SCOPE, resources, "env1", body);

        JsonNode env = get("env1");
        assertThat(env.get("EnvironmentClass").asText()).isEqualTo("mw1.medium");
        assertThat(env.get("MaxWorkers").asInt()).isEqualTo(6);
        assertThat(env.get("AirflowConfigurationOptions").get("core.default_timezone").asText()).isEqualTo("utc");
        assertThat(env.get("NetworkConfiguration").get("SubnetIds").toString()).isEqualTo("[\"subnet-a\",\"subnet-b\"]");
        JsonNode task = env.get("LoggingConfiguration").get("TaskLogs");
        assertThat(task.get("LogLevel").asText()).isEqualTo("WARNING");
        assertThat(task.get("CloudWatchLogGroupArn").asText())
                .isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:airflow-env1-Task");
        assertThat(env.get("LoggingConfiguration").get("WorkerLogs").get("Enabled").asBoolean()).isFalse();
        assertThat(env.get("Tags").get("team").asText()).isEqualTo("data");
        assertThat(env.has("DatabaseVpcEndpointService")).isFalse();
    }

    @Test
    void anExistingNameIsAValidationError() {
        api.createEnvironment(SCOPE, resources, "env1", Requests.create());
        MwaaException e = fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create()));
        assertThat(e.type()).isEqualTo(MwaaException.Type.VALIDATION);
        assertThat(e.getMessage()).contains("An environment named env1 already exists");
    }

    @Test
    void environmentsOfAnotherRegionAreInvisible() {
        api.createEnvironment(SCOPE, resources, "env1", Requests.create());
        MwaaScope west = MwaaScope.of(InMemoryResources.ACCOUNT, "us-west-2");
        assertThat(fails(() -> api.getEnvironment(west, "env1")).type())
                .isEqualTo(MwaaException.Type.RESOURCE_NOT_FOUND);
    }

    @Test
    void aPlantedCreationFailureEndsInCreateFailedWithTheError() {
        faults.creation.put("env1", new LastUpdate.Failure("INCORRECT_CONFIGURATION", "You may need to check the"
                + " execution role permissions policy for your environment."));
        api.createEnvironment(SCOPE, resources, "env1", Requests.create());
        elapse(Duration.ofMinutes(25));
        JsonNode env = get("env1");
        assertThat(env.get("Status").asText()).isEqualTo("CREATE_FAILED");
        assertThat(env.get("LastUpdate").get("Status").asText()).isEqualTo("FAILED");
        assertThat(env.get("LastUpdate").get("Error").get("ErrorCode").asText()).isEqualTo("INCORRECT_CONFIGURATION");
        assertThat(env.get("LastUpdate").get("Error").get("ErrorMessage").asText()).startsWith("You may need");
        assertThat(env.has("WebserverUrl")).isFalse();
        // A failed environment can be deleted.
        api.deleteEnvironment(SCOPE, resources, "env1");
        assertThat(status("env1")).isEqualTo("DELETING");
    }

    @Test
    void theRoleCanBePlantedAsNotYetAssumableForTheFirstCalls() {
        faults.roleFailures.put(InMemoryResources.roleArn("mwaa-exec"), 2);
        for (int i = 0; i < 2; i++) {
            MwaaException e = fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create()));
            assertThat(e.getMessage()).isEqualTo("Failed to assume role arn:aws:iam::000000000000:role/mwaa-exec."
                    + " This could be due to the role's trust policy. Please ensure your role is assumable by"
                    + " 'airflow-env.amazonaws.com' Service Principal and try again.");
        }
        assertThat(api.createEnvironment(SCOPE, resources, "env1", Requests.create()).has("Arn")).isTrue();
    }

    @Test
    void customerManagedEndpointsLeaveTheEnvironmentPending() {
        api.createEnvironment(SCOPE, resources, "shared", Requests.create().put("EndpointManagement", "CUSTOMER"));
        elapse(Duration.ofMinutes(25));
        JsonNode env = get("shared");
        assertThat(env.get("Status").asText()).isEqualTo("PENDING");
        assertThat(env.get("DatabaseVpcEndpointService").asText()).matches("com\\.amazonaws\\.vpce\\.us-east-1\\.vpce-svc-[0-9a-f]{17}");
        assertThat(env.get("WebserverVpcEndpointService").asText()).startsWith("com.amazonaws.vpce.us-east-1.vpce-svc-");
        elapse(Duration.ofHours(71));
        assertThat(status("shared")).isEqualTo("PENDING");
        elapse(Duration.ofHours(1));
        env = get("shared");
        assertThat(env.get("Status").asText()).isEqualTo("CREATE_FAILED");
        assertThat(env.get("LastUpdate").get("Error").get("ErrorMessage").asText()).contains("72 hours");
    }

    @Test
    void updateGoesThroughUpdatingAndChangesOnlyWhatWasSent() {
        api.createEnvironment(SCOPE, resources, "env1", Requests.create());
        MwaaException early = fails(() -> api.updateEnvironment(SCOPE, resources, "env1",
                Requests.JSON.createObjectNode().put("MaxWorkers", 4)));
        assertThat(early.getMessage()).isEqualTo("Environment env1 is CREATING: it can be updated only when"
                + " AVAILABLE or UPDATE_FAILED.");
        elapse(Duration.ofMinutes(25));
        resources.groups.put("sg-2", new CloudResources.SecurityGroup("sg-2", "vpc-1",
                List.of(new CloudResources.Ingress("-1", null, null, "sg-2"))));
        ObjectNode update = Requests.JSON.createObjectNode().put("MaxWorkers", 4)
                .put("WorkerReplacementStrategy", "GRACEFUL");
        update.putObject("NetworkConfiguration").putArray("SecurityGroupIds").add("sg-2");
        assertThat(api.updateEnvironment(SCOPE, resources, "env1", update).get("Arn").asText()).endsWith(":environment/env1");

        JsonNode env = get("env1");
        assertThat(env.get("Status").asText()).isEqualTo("UPDATING");
        assertThat(env.get("LastUpdate").get("Status").asText()).isEqualTo("PENDING");
        assertThat(env.get("LastUpdate").get("WorkerReplacementStrategy").asText()).isEqualTo("GRACEFUL");
        assertThat(env.get("WebserverUrl").asText()).isNotEmpty();
        elapse(Duration.ofMinutes(20));
        env = get("env1");
        assertThat(env.get("Status").asText()).isEqualTo("AVAILABLE");
        assertThat(env.get("MaxWorkers").asInt()).isEqualTo(4);
        assertThat(env.get("NetworkConfiguration").get("SecurityGroupIds").toString()).isEqualTo("[\"sg-2\"]");
        assertThat(env.get("NetworkConfiguration").get("SubnetIds").size()).isEqualTo(2);
    }

    @Test
    void anUpdateChecksNewSecurityGroupsAreInTheEnvironmentsVpc() {
        api.createEnvironment(SCOPE, resources, "env1", Requests.create());
        elapse(Duration.ofMinutes(25));
        resources.groups.put("sg-other", new CloudResources.SecurityGroup("sg-other", "vpc-2"));
        ObjectNode update = Requests.JSON.createObjectNode();
        update.putObject("NetworkConfiguration").putArray("SecurityGroupIds").add("sg-other");
        assertThat(fails(() -> api.updateEnvironment(SCOPE, resources, "env1", update)).getMessage())
                .isEqualTo("Security group sg-other is in VPC vpc-2, not in the environment's VPC vpc-1.");
        // A group of the right VPC that blocks the environment's own traffic: the update fails, settings restored.
        resources.groups.put("sg-closed", new CloudResources.SecurityGroup("sg-closed", "vpc-1"));
        ObjectNode closed = Requests.JSON.createObjectNode();
        closed.putObject("NetworkConfiguration").putArray("SecurityGroupIds").add("sg-closed");
        api.updateEnvironment(SCOPE, resources, "env1", closed);
        elapse(Duration.ofMinutes(20));
        JsonNode env = get("env1");
        assertThat(env.get("Status").asText()).isEqualTo("UPDATE_FAILED");
        assertThat(env.get("NetworkConfiguration").get("SecurityGroupIds").toString()).isEqualTo("[\"sg-1\"]");
    }

    @Test
    void aPlantedUpdateFailureRestoresThePreviousSettings() {
        api.createEnvironment(SCOPE, resources, "env1", Requests.create());
        elapse(Duration.ofMinutes(25));
        faults.update.put("env1", new LastUpdate.Failure("UPDATE_ERROR", "requirements.txt failed to install"));
        api.updateEnvironment(SCOPE, resources, "env1", Requests.JSON.createObjectNode().put("MaxWorkers", 4));
        elapse(Duration.ofMinutes(16));
        // As MWAA does, a failed update is rolled back before it is reported.
        assertThat(get("env1").get("Status").asText()).isEqualTo("ROLLING_BACK");
        elapse(Duration.ofMinutes(4));
        JsonNode env = get("env1");
        assertThat(env.get("Status").asText()).isEqualTo("UPDATE_FAILED");
        assertThat(env.get("MaxWorkers").asInt()).isEqualTo(10);
        assertThat(env.get("LastUpdate").get("Error").get("ErrorCode").asText()).isEqualTo("UPDATE_ERROR");
        // UPDATE_FAILED environments can be updated again.
        api.updateEnvironment(SCOPE, resources, "env1", Requests.JSON.createObjectNode().put("MaxWorkers", 4));
        elapse(Duration.ofMinutes(20));
        assertThat(get("env1").get("MaxWorkers").asInt()).isEqualTo(4);
    }

    @Test
    void deleteGoesThroughDeletingAndThenTheEnvironmentIsGone() {
        api.createEnvironment(SCOPE, resources, "env1", Requests.create());
        MwaaException early = fails(() -> api.deleteEnvironment(SCOPE, resources, "env1"));
        assertThat(early.getMessage()).startsWith("Environment env1 with CREATING status cannot be deleted");
        elapse(Duration.ofMinutes(25));
        assertThat(api.deleteEnvironment(SCOPE, resources, "env1").size()).isZero();
        assertThat(status("env1")).isEqualTo("DELETING");
        assertThat(fails(() -> api.deleteEnvironment(SCOPE, resources, "env1")).getMessage()).contains("DELETING status");
        elapse(Duration.ofMinutes(15));
        MwaaException gone = fails(() -> api.getEnvironment(SCOPE, "env1"));
        assertThat(gone.type()).isEqualTo(MwaaException.Type.RESOURCE_NOT_FOUND);
        assertThat(gone.httpStatus()).isEqualTo(404);
        assertThat(api.listEnvironments(SCOPE, null, null).get("Environments").size()).isZero();
        // The name can be used again.
        api.createEnvironment(SCOPE, resources, "env1", Requests.create());
    }

    @Test
    void unknownEnvironmentsAreNotFoundAndBadNamesInvalid() {
        assertThat(fails(() -> api.getEnvironment(SCOPE, "nope")).type()).isEqualTo(MwaaException.Type.RESOURCE_NOT_FOUND);
        assertThat(fails(() -> api.deleteEnvironment(SCOPE, resources, "nope")).type()).isEqualTo(MwaaException.Type.RESOURCE_NOT_FOUND);
        assertThat(fails(() -> api.updateEnvironment(SCOPE, resources, "nope", null)).type())
                .isEqualTo(MwaaException.Type.RESOURCE_NOT_FOUND);
        assertThat(fails(() -> api.getEnvironment(SCOPE, "bad name")).type()).isEqualTo(MwaaException.Type.VALIDATION);
    }

    @Test
    void listPagesThroughNamesInOrder() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            names.add("env" + i);
            api.createEnvironment(SCOPE, resources, "env" + i, Requests.create());
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = api.listEnvironments(SCOPE, "2", token);
            page.get("Environments").forEach(n -> seen.add(n.asText()));
            token = page.has("NextToken") ? page.get("NextToken").asText() : null;
            pages++;
        } while (token != null);
        assertThat(seen).isEqualTo(names);
        assertThat(pages).isEqualTo(3);
        assertThat(fails(() -> api.listEnvironments(SCOPE, "26", null)).getMessage())
                .contains("Value '26' at 'maxResults' failed to satisfy constraint: Member must have value less than"
                        + " or equal to 25");
        assertThat(fails(() -> api.listEnvironments(SCOPE, null, "garbage!")).type())
                .isEqualTo(MwaaException.Type.VALIDATION);
    }

    @Test
    void tagsAreAddedListedAndRemovedByArn() {
        ObjectNode body = Requests.create();
        body.putObject("Tags").put("team", "data");
        String arn = api.createEnvironment(SCOPE, resources, "env1", body).get("Arn").asText();
        ObjectNode tags = Requests.JSON.createObjectNode();
        tags.putObject("Tags").put("cost-center", "42").put("team", "platform");
        api.tagResource(SCOPE, arn, tags);
        assertThat(api.listTagsForResource(SCOPE, arn).get("Tags").toString())
                .isEqualTo("{\"team\":\"platform\",\"cost-center\":\"42\"}");
        api.untagResource(SCOPE, arn, List.of("team", "absent"));
        assertThat(api.listTagsForResource(SCOPE, arn).get("Tags").toString()).isEqualTo("{\"cost-center\":\"42\"}");
        assertThat(get("env1").get("Tags").toString()).isEqualTo("{\"cost-center\":\"42\"}");

        String otherArn = "arn:aws:airflow:us-east-1:000000000000:environment/nope";
        assertThat(fails(() -> api.listTagsForResource(SCOPE, otherArn)).type())
                .isEqualTo(MwaaException.Type.RESOURCE_NOT_FOUND);
        assertThat(fails(() -> api.listTagsForResource(SCOPE, "arn:aws:s3:::bucket")).type())
                .isEqualTo(MwaaException.Type.VALIDATION);
        assertThat(fails(() -> api.untagResource(SCOPE, arn, null)).getMessage()).contains("Value null at 'tagKeys'");
        ObjectNode tooMany = Requests.JSON.createObjectNode();
        ObjectNode many = tooMany.putObject("Tags");
        for (int i = 0; i < 50; i++) {
            many.put("k" + i, "v");
        }
        assertThat(fails(() -> api.tagResource(SCOPE, arn, tooMany)).getMessage()).contains("at most 50 tags");
    }

    @Test
    void theExecutionRoleMustExistAndTrustAirflowEnv() {
        resources.roles.clear();
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create())).getMessage())
                .startsWith("Failed to assume role arn:aws:iam::000000000000:role/mwaa-exec.");
        resources.roles.put(InMemoryResources.roleArn("mwaa-exec"), new CloudResources.Role(
                InMemoryResources.roleArn("mwaa-exec"), """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"Service":"airflow.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""));
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create())).getMessage())
                .contains("assumable by 'airflow-env.amazonaws.com'");
        assertThat(resources.serviceLinkedRoleCalls).isZero();
    }

    @Test
    void theBucketMustExistWithVersioningAndPublicAccessBlocked() {
        resources.buckets.put("dags-bucket", new CloudResources.Bucket("dags-bucket", "us-east-1", false, true));
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create())).getMessage())
                .startsWith("Provided bucket does not have versioning enabled for s3 bucket dags-bucket.");
        resources.buckets.put("dags-bucket", new CloudResources.Bucket("dags-bucket", "us-east-1", true, false));
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create())).getMessage())
                .startsWith("Provided bucket does not have BlockPublicAccess set for s3 bucket dags-bucket.");
        resources.buckets.put("dags-bucket", new CloudResources.Bucket("dags-bucket", "eu-west-1", true, true));
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create())).getMessage())
                .contains("is in Region eu-west-1");
        resources.buckets.clear();
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create())).getMessage())
                .startsWith("Unable to access bucket dags-bucket");
    }

    @Test
    void theSubnetsMustExistBePrivateAndInTwoZonesOfOneVpc() {
        resources.subnets.put("subnet-b", new CloudResources.Subnet("subnet-b", "vpc-1", "us-east-1a", true));
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create())).getMessage())
                .contains("are both in Availability Zone us-east-1a");
        resources.subnets.put("subnet-b", new CloudResources.Subnet("subnet-b", "vpc-1", "us-east-1b", false));
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create())).getMessage())
                .startsWith("Subnet subnet-b is public");
        resources.subnets.put("subnet-b", new CloudResources.Subnet("subnet-b", "vpc-2", "us-east-1b", true));
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create())).getMessage())
                .contains("are in different VPCs");
        resources.subnets.remove("subnet-b");
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create())).getMessage())
                .startsWith("The subnet ID 'subnet-b' does not exist");
    }

    @Test
    void theSecurityGroupsMustExistInTheSubnetsVpc() {
        resources.groups.put("sg-1", new CloudResources.SecurityGroup("sg-1", "vpc-9"));
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create())).getMessage())
                .isEqualTo("Security group sg-1 is in VPC vpc-9, not in the environment's VPC vpc-1.");
        resources.groups.clear();
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", Requests.create())).getMessage())
                .startsWith("The security group 'sg-1' does not exist.");
    }

    @Test
    void securityGroupsThatBlockTheEnvironmentsOwnTrafficLeaveItCreatingUntilItFails() {
        resources.groups.put("sg-1", new CloudResources.SecurityGroup("sg-1", "vpc-1",
                List.of(new CloudResources.Ingress("-1", null, null, null))));
        api.createEnvironment(SCOPE, resources, "env1", Requests.create());
        elapse(Duration.ofMinutes(25));
        assertThat(status("env1")).isEqualTo("CREATING");
        elapse(Duration.ofHours(3));
        JsonNode env = get("env1");
        assertThat(env.get("Status").asText()).isEqualTo("CREATE_FAILED");
        assertThat(env.get("LastUpdate").get("Error").get("ErrorCode").asText()).isEqualTo("INCORRECT_CONFIGURATION");
        assertThat(env.get("LastUpdate").get("Error").get("ErrorMessage").asText())
                .contains("VPC networking components required by the environment are configured to allow traffic");
    }

    @Test
    void httpsAndPostgresFromTheGroupAreEnoughTraffic() {
        resources.groups.put("sg-1", new CloudResources.SecurityGroup("sg-1", "vpc-1", List.of(
                new CloudResources.Ingress("tcp", 443, 443, "sg-1"))));
        assertThat(ReferenceChecks.allowsTrafficWithinEnvironment(resources, List.of("sg-1"))).isFalse();
        resources.groups.put("sg-1", new CloudResources.SecurityGroup("sg-1", "vpc-1", List.of(
                new CloudResources.Ingress("tcp", 443, 443, "sg-2"), new CloudResources.Ingress("tcp", 5432, 5432, "sg-1"))));
        resources.groups.put("sg-2", new CloudResources.SecurityGroup("sg-2", "vpc-1"));
        assertThat(ReferenceChecks.allowsTrafficWithinEnvironment(resources, List.of("sg-1", "sg-2"))).isTrue();
        assertThat(ReferenceChecks.allowsTrafficWithinEnvironment(resources, List.of("sg-1"))).isFalse();
    }

    @Test
    void theKmsKeyMustExistAndBeEnabled() {
        String keyArn = "arn:aws:kms:us-east-1:000000000000:key/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f";
        ObjectNode body = Requests.create().put("KmsKey", keyArn);
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", body)).getMessage())
                .startsWith("KMS key " + keyArn + " does not exist");
        resources.keys.put(keyArn, new CloudResources.Key(keyArn, "PendingDeletion"));
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", body)).getMessage())
                .contains("is PendingDeletion; MWAA needs an enabled key.");
        resources.keys.put(keyArn, new CloudResources.Key(keyArn, "Enabled", "SYMMETRIC_DEFAULT", true));
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", body)).getMessage())
                .contains("is a multi-Region key");
        resources.keys.put(keyArn, new CloudResources.Key(keyArn, "Enabled", "RSA_2048", false));
        assertThat(fails(() -> api.createEnvironment(SCOPE, resources, "env1", body)).getMessage())
                .contains("needs a symmetric encryption key");
        resources.keys.put(keyArn, new CloudResources.Key(keyArn, "Enabled"));
        api.createEnvironment(SCOPE, resources, "env1", body);
        assertThat(get("env1").get("KmsKey").asText()).isEqualTo(keyArn);
    }

    @Test
    void trustPolicyForms() {
        assertThat(ReferenceChecks.trustsAirflowEnv(InMemoryResources.TRUST)).isTrue();
        assertThat(ReferenceChecks.trustsAirflowEnv("""
                {"Statement":{"Effect":"Allow","Principal":{"Service":"airflow-env.amazonaws.com"},
                 "Action":["sts:TagSession","sts:AssumeRole"]}}""")).isTrue();
        assertThat(ReferenceChecks.trustsAirflowEnv("""
                {"Statement":[{"Effect":"Deny","Principal":{"Service":"airflow-env.amazonaws.com"},
                 "Action":"sts:AssumeRole"}]}""")).isFalse();
        assertThat(ReferenceChecks.trustsAirflowEnv("""
                {"Statement":[{"Effect":"Allow","Principal":{"Service":"airflow-env.amazonaws.com"},
                 "Action":"sts:TagSession"}]}""")).isFalse();
        assertThat(ReferenceChecks.trustsAirflowEnv("not json")).isFalse();
    }
}
