package dev.mwaaprovisioner.local.workflow;

import static dev.mwaaprovisioner.local.workflow.RepositoryFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.common.documents.DerivedNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The security of what template.yaml deploys, read with the same loader the deployment uses:
 * no wildcard grants beyond what AWS forces, PassRole only to MWAA (or CloudFormation, for the
 * network stack role) and only on the roles the workflow derives, a TLS-only private config
 * bucket, and no execution data in the state machine's logs.
 */
class DeploymentSecurityTest {

    /** Action wildcards kept: a family of one operation (GenerateDataKey and its variants), via MWAA only. */
    private static final Set<String> ACTION_WILDCARDS = Set.of("kms:GenerateDataKey*");

    private final TemplatePolicies resolver = new TemplatePolicies(WorkflowCloud.CONFIG_BUCKET);

    /** One Allow or Deny statement of an identity policy, with where it comes from. */
    private record Found(String where, Map<String, Object> statement) {
    }

    /** Every statement of every identity policy in the template: roles, functions, the state machine. */
    private static List<Found> identityStatements() {
        List<Found> found = new ArrayList<>();
        map(RepositoryFiles.template().get("Resources")).forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            Map<String, Object> properties = map(resource.get("Properties"));
            String type = String.valueOf(resource.get("Type"));
            for (Object policy : (List<?>) properties.getOrDefault("Policies", List.of())) {
                Map<String, Object> document = type.equals("AWS::IAM::Role")
                        ? map(map(policy).get("PolicyDocument")) : map(policy);
                assertThat(document).as(id + " uses a policy this test cannot read (managed or SAM template)")
                        .containsKey("Statement");
                for (Object statement : (List<?>) document.get("Statement")) {
                    found.add(new Found(id + "/" + map(statement).get("Sid"), map(statement)));
                }
            }
        });
        return found;
    }

    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
    }

    /** A resource as written: the text of a string or an Fn::Sub, the name of a Ref or GetAtt. */
    private static String raw(Object value) {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> function = map(value);
        Object inner = function.values().stream().findFirst().orElse("");
        return inner instanceof List<?> parts ? String.valueOf(parts.get(0)) : String.valueOf(inner);
    }

    @Test
    void theTemplateHasPoliciesToCheck() {
        Set<String> owners = new TreeSet<>();
        identityStatements().forEach(f -> owners.add(f.where().split("/")[0]));
        assertThat(owners).contains("NetworkStackRole", "ProvisioningStateMachine", "CreateEnvironmentFunction",
                "CreateNetworkStackFunction", "ReportFunction");
    }

    @Test
    void noStatementAllowsEveryActionOrAServiceWildcard() {
        for (Found f : identityStatements()) {
            assertThat(f.statement()).as(f.where() + ": Allow with NotAction or NotResource grants too much")
                    .doesNotContainKeys("NotAction", "NotResource");
            assertThat(f.statement().get("Effect")).as(f.where()).isEqualTo("Allow");
            for (Object action : list(f.statement().get("Action"))) {
                String text = String.valueOf(action);
                assertThat(text).as(f.where()).isNotEqualTo("*").doesNotEndWith(":*");
                if (text.contains("*") || text.contains("?")) {
                    assertThat(ACTION_WILDCARDS).as(f.where() + ": action wildcard " + text + " is not justified")
                            .contains(text);
                }
            }
        }
    }

    /**
     * '*' only for actions that have no resource type in AWS's Service Authorization Reference
     * (the vendored aws-data extract): an action that can be scoped to an ARN must be.
     */
    @Test
    void resourceStarOnlyForActionsAwsAllowsOnlyOnStar() {
        AwsPublishedData.ServiceAuthorization reference = new AwsPublishedData.ServiceAuthorization();
        Set<String> used = new TreeSet<>();
        for (Found f : identityStatements()) {
            List<Object> resources = list(f.statement().get("Resource"));
            if (resources.stream().noneMatch("*"::equals)) {
                continue;
            }
            assertThat(resources).as(f.where() + ": '*' mixed with ARNs").containsExactly("*");
            for (Object action : list(f.statement().get("Action"))) {
                assertThat(reference.action(String.valueOf(action))).as(f.where() + ": " + action).isPresent();
                assertThat(reference.action(String.valueOf(action)).get().getValue()).as(f.where() + ": " + action
                        + " has resource types in the Service Authorization Reference; scope it to an ARN").isEmpty();
                used.add(String.valueOf(action));
            }
        }
        assertThat(used).contains("logs:CreateLogDelivery", "ec2:DescribeVpcs");
    }

    @Test
    void noResourceIsAnAccountWideWildcardOfARoleOrAStack() {
        for (Found f : identityStatements()) {
            for (Object resource : list(f.statement().get("Resource"))) {
                String arn = raw(resource);
                assertThat(arn).as(f.where()).doesNotEndWith(":role/*").doesNotEndWith(":stack/*")
                        .doesNotEndWith(":::*");
            }
        }
    }

    @Test
    void passRoleOnlyWithPassedToServiceAndOnlyOnDerivedRoles() {
        String account = TemplatePolicies.ACCOUNT;
        List<String> allowedForMwaa = List.of("arn:aws:iam::" + account + ":role/mwaa-*-execution",
                "arn:aws:iam::" + account + ":role/mwaa-provisioner/*");
        int passRoles = 0;
        for (Found f : identityStatements()) {
            List<Object> actions = list(f.statement().get("Action"));
            if (actions.stream().noneMatch(a -> IamPolicy.actionMatches(String.valueOf(a), "iam:PassRole"))) {
                continue;
            }
            passRoles++;
            assertThat(actions).as(f.where() + ": PassRole in its own statement").hasSize(1);
            Map<String, Object> equals = map(map(f.statement().get("Condition")).get("StringEquals"));
            assertThat(equals).as(f.where() + ": PassRole needs iam:PassedToService").containsKey("iam:PassedToService");
            Object service = equals.get("iam:PassedToService");
            List<String> resources = list(f.statement().get("Resource")).stream().map(resolver::resolve).toList();
            if ("airflow.amazonaws.com".equals(service)) {
                assertThat(resources).as(f.where()).isNotEmpty().allMatch(allowedForMwaa::contains);
            } else {
                assertThat(service).as(f.where()).isEqualTo("cloudformation.amazonaws.com");
                assertThat(resources).as(f.where()).containsExactly(TemplatePolicies.NETWORK_STACK_ROLE_ARN);
            }
        }
        assertThat(passRoles).isEqualTo(3);
        // The pattern covers the names the workflow derives, short and hashed alike.
        IamPolicy mwaaPass = resolver.functions().get("CreateEnvironmentFunction");
        for (String name : List.of("a", "analytics-dev", "x".repeat(80))) {
            String role = "arn:aws:iam::" + account + ":role/" + DerivedNames.executionRoleName(name);
            assertThat(mwaaPass.allows(new IamPolicy.Access("iam:PassRole", role,
                    Map.of("iam:PassedToService", "airflow.amazonaws.com")))).as(role).isTrue();
        }
    }

    @Test
    void theConfigBucketExpiresTheCopiesOfInlineRequests() {
        Map<String, Object> bucket = map(RepositoryFiles.resources("AWS::S3::Bucket").get("ConfigBucket").get("Properties"));
        List<?> rules = list(map(bucket.get("LifecycleConfiguration")).get("Rules"));
        // They may hold Airflow option values: both the copy and, once expired, its noncurrent version go.
        assertThat(rules).anySatisfy(r -> {
            Map<String, Object> rule = map(r);
            assertThat(rule).containsEntry("Status", "Enabled").containsEntry("Prefix", "inline-requests/");
            assertThat((Integer) rule.get("ExpirationInDays")).isBetween(1, 30);
            assertThat((Integer) map(rule.get("NoncurrentVersionExpiration")).get("NoncurrentDays")).isBetween(1, 7);
        });
        assertThat(rules).as("request files keep their history (the Name an earlier version had)")
                .noneSatisfy(r -> assertThat(String.valueOf(map(r).get("Prefix"))).startsWith("requests"));
    }

    @Test
    void theConfigBucketBlocksPublicAccessAndDeniesPlainHttp() {
        Map<String, Object> bucket = map(RepositoryFiles.resources("AWS::S3::Bucket").get("ConfigBucket").get("Properties"));
        assertThat(map(bucket.get("PublicAccessBlockConfiguration"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true));
        assertThat(map(bucket.get("VersioningConfiguration"))).containsEntry("Status", "Enabled");
        assertThat(bucket).containsKey("BucketEncryption");

        var policies = RepositoryFiles.resources("AWS::S3::BucketPolicy").values().stream()
                .map(r -> map(r.get("Properties")))
                .filter(p -> map(p.get("Bucket")).equals(Map.of("Ref", "ConfigBucket")))
                .toList();
        assertThat(policies).hasSize(1);
        List<?> statements = (List<?>) map(policies.get(0).get("PolicyDocument")).get("Statement");
        String bucketArn = "arn:aws:s3:::" + WorkflowCloud.CONFIG_BUCKET;
        assertThat(statements).anySatisfy(s -> {
            Map<String, Object> statement = map(s);
            assertThat(statement.get("Effect")).isEqualTo("Deny");
            assertThat(statement.get("Principal")).isEqualTo("*");
            assertThat(list(statement.get("Action"))).containsExactly("s3:*");
            assertThat(list(statement.get("Resource")).stream().map(resolver::resolve))
                    .containsExactlyInAnyOrder(bucketArn, bucketArn + "/*");
            assertThat(map(map(statement.get("Condition")).get("Bool")))
                    .containsExactly(Map.entry("aws:SecureTransport", "false"));
        });
        assertThat(statements).as("the bucket policy grants nothing").allSatisfy(s ->
                assertThat(map(s).get("Effect")).isEqualTo("Deny"));
    }

    /**
     * A Region's service host ends in the partition's URL suffix (amazonaws.com.cn in aws-cn): a
     * kms:ViaService of "airflow.cn-north-1.amazonaws.com" never matches there.
     */
    @Test
    void regionalServiceHostsUseThePartitionsUrlSuffix() {
        List<String> hardCoded = new ArrayList<>();
        collectStrings(RepositoryFiles.template(), "", hardCoded);
        assertThat(hardCoded).as("strings naming a regional amazonaws.com host; use ${AWS::URLSuffix}")
                .noneMatch(s -> s.matches("(?s).*\\$\\{AWS::Region}\\.amazonaws\\.com.*"));
        assertThat(hardCoded).anyMatch(s -> s.contains("${AWS::Region}.${AWS::URLSuffix}"));
    }

    private static void collectStrings(Object value, String where, List<String> into) {
        if (value instanceof String text) {
            into.add(text);
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectStrings(v, where, into));
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> collectStrings(v, where, into));
        }
    }

    @Test
    void executionDataStaysOutOfTheStateMachineLogs() {
        Map<String, Object> machine = map(RepositoryFiles.resources("AWS::Serverless::StateMachine")
                .get("ProvisioningStateMachine").get("Properties"));
        assertThat(map(machine.get("Logging"))).containsEntry("IncludeExecutionData", false);
    }

    /**
     * Condition keys AWS documents for a service principal assuming a role of this template; a
     * trust condition with any other key is unverified and may keep the service from the role.
     * CloudFormation documents none for assuming a stack's service role (PassRole guards it).
     */
    private static final Map<String, Set<String>> DOCUMENTED_TRUST_CONDITIONS = Map.of(
            "cloudformation.amazonaws.com", Set.of());

    @Test
    void rolesTrustOnlyServicesAndOnlyWithDocumentedConditions() {
        RepositoryFiles.resources("AWS::IAM::Role").forEach((id, role) -> {
            List<?> trust = (List<?>) map(map(role.get("Properties")).get("AssumeRolePolicyDocument")).get("Statement");
            assertThat(trust).as(id).allSatisfy(s -> {
                assertThat(map(s).get("Principal")).as(id).isNotEqualTo("*");
                assertThat(map(map(s).get("Principal"))).as(id).containsOnlyKeys("Service");
                String service = String.valueOf(map(map(s).get("Principal")).get("Service"));
                assertThat(DOCUMENTED_TRUST_CONDITIONS).as(id + ": trust of " + service).containsKey(service);
                Set<String> keys = new TreeSet<>();
                map(map(s).get("Condition")).values().forEach(c -> keys.addAll(map(c).keySet()));
                assertThat(keys).as(id + ": condition keys without a documented source for " + service)
                        .isSubsetOf(DOCUMENTED_TRUST_CONDITIONS.get(service));
            });
        });
    }
}
