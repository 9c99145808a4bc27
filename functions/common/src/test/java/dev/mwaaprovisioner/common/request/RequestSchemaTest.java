package dev.mwaaprovisioner.common.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schema ({@code schema/provisioning-request.schema.json}) describes the same
 * request file as the model and the validator: the same keys, required keys, enumerations,
 * allow-lists, limits and defaults; the examples validate against it; and requests that break a
 * rule a schema can express are refused by both.
 */
class RequestSchemaTest {

    private static final String SCHEMA_TEXT = read(RepositoryFiles.schema());
    private static final ObjectNode SCHEMA_TREE = RequestJsonFields.tree(SCHEMA_TEXT);
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(SCHEMA_TEXT, InputFormat.JSON);
    private static final MwaaAllowLists BUILT_IN = MwaaAllowLists.builtIn();
    private static final RequestParser PARSER = new RequestParser(BUILT_IN);

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode at(String pointer) {
        JsonNode node = SCHEMA_TREE.at(pointer);
        assertThat(node.isMissingNode()).as("schema has %s", pointer).isFalse();
        return node;
    }

    private static List<String> keys(String pointer) {
        List<String> keys = new ArrayList<>();
        at(pointer).properties().forEach(e -> keys.add(e.getKey()));
        return keys;
    }

    private static List<String> texts(String pointer) {
        List<String> values = new ArrayList<>();
        at(pointer).forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> wireNames(Class<? extends WireValue> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireValue::wireName).toList();
    }

    private static List<Error> schemaErrors(String yaml) {
        return SCHEMA.validate(yaml, InputFormat.YAML);
    }

    @Test
    void hasTheKeysOfTheModel() {
        assertThat(keys("/properties")).containsExactlyElementsOf(RecordKeys.of(ProvisioningRequest.class));
        assertThat(keys("/definitions/NewNetwork/properties")).containsExactlyElementsOf(RecordKeys.of(NewNetwork.class));
        assertThat(keys("/definitions/ExistingNetwork/properties"))
                .containsExactlyElementsOf(RecordKeys.of(ExistingNetwork.class));
        assertThat(keys("/properties/LoggingConfiguration/properties"))
                .containsExactlyElementsOf(RecordKeys.of(LoggingConfiguration.class));
        assertThat(keys("/definitions/ModuleLogging/properties")).containsExactlyElementsOf(RecordKeys.of(ModuleLogging.class));
        for (String closed : List.of("", "/definitions/NewNetwork", "/definitions/ExistingNetwork",
                "/properties/LoggingConfiguration", "/definitions/ModuleLogging")) {
            assertThat(at(closed + "/additionalProperties").asBoolean(true)).as("%s refuses unknown keys", closed).isFalse();
        }
    }

    @Test
    void requiresWhatTheValidatorRequires() {
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> PARSER.parse("{}", "empty-mapping.json"));
        List<String> required = refused.problems().stream()
                .filter(p -> p.message().startsWith("is required")).map(Problem::path).toList();

        assertThat(texts("/required")).containsExactlyElementsOf(required);
        assertThat(texts("/definitions/NewNetwork/required")).containsExactlyElementsOf(RecordKeys.of(NewNetwork.class));
        assertThat(texts("/definitions/ExistingNetwork/required"))
                .containsExactlyElementsOf(RecordKeys.of(ExistingNetwork.class));
    }

    @Test
    void listsTheAllowListsAndEnumerations() {
        assertThat(texts("/properties/AirflowVersion/enum")).containsExactlyElementsOf(BUILT_IN.airflowVersions());
        assertThat(texts("/properties/EnvironmentClass/enum")).containsExactlyElementsOf(BUILT_IN.environmentClasses());
        assertThat(texts("/properties/WebserverAccessMode/enum")).containsExactlyElementsOf(wireNames(WebserverAccessMode.class));
        assertThat(texts("/properties/EndpointManagement/enum")).containsExactlyElementsOf(wireNames(EndpointManagement.class));
        assertThat(texts("/properties/DeletionPolicy/enum")).containsExactlyElementsOf(wireNames(DeletionPolicy.class));
        assertThat(at("/properties/DeletionPolicy/default").asText()).isEqualTo(RequestDefaults.DELETION_POLICY.wireName());
        assertThat(texts("/properties/OnFailure/enum")).containsExactlyElementsOf(wireNames(OnFailure.class));
        assertThat(at("/properties/OnFailure/default").asText()).isEqualTo(RequestDefaults.ON_FAILURE.wireName());
        assertThat(texts("/definitions/ModuleLogging/properties/LogLevel/enum")).containsExactlyElementsOf(wireNames(LogLevel.class));
    }

    @Test
    void hasTheLimitsOfTheRules() {
        assertThat(at("/properties/Name/maxLength").asInt()).isEqualTo(NameRules.MAX_LENGTH);
        assertThat(at("/properties/MinWorkers/maximum").asInt()).isEqualTo(BUILT_IN.maxWorkers());
        assertThat(at("/properties/MaxWorkers/maximum").asInt()).isEqualTo(BUILT_IN.maxWorkers());
        assertThat(at("/properties/Schedulers/maximum").asInt()).isEqualTo(CapacityRules.MAX_SCHEDULERS);
        assertThat(at("/else/properties/Schedulers/minimum").asInt()).isEqualTo(CapacityRules.MIN_SCHEDULERS);
        assertThat(at("/properties/MaxWebservers/maximum").asInt()).isEqualTo(CapacityRules.MAX_WEBSERVERS);
        assertThat(at("/else/properties/MinWebservers/minimum").asInt()).isEqualTo(CapacityRules.MIN_WEBSERVERS);
        assertThat(at("/then/properties/MaxWorkers/const").asInt()).isEqualTo(RequestDefaults.MICRO_FIXED_COUNT);
        assertThat(at("/if/properties/EnvironmentClass/const").asText()).isEqualTo(RequestDefaults.MICRO_CLASS);
        assertThat(at("/properties/Tags/maxProperties").asInt()).isEqualTo(TagRules.MAX_TAGS);
        assertThat(at("/properties/Tags/propertyNames/maxLength").asInt()).isEqualTo(TagRules.MAX_KEY_LENGTH);
        assertThat(at("/properties/Tags/additionalProperties/maxLength").asInt()).isEqualTo(TagRules.MAX_VALUE_LENGTH);
        assertThat(at("/properties/AirflowConfigurationOptions/propertyNames/maxLength").asInt())
                .isEqualTo(AirflowRules.OPTION_KEY_MAX);
        assertThat(at("/properties/AirflowConfigurationOptions/propertyNames/pattern").asText())
                .isEqualTo("^" + AirflowRules.OPTION_KEY.pattern() + "$");
        assertThat(at("/properties/AirflowConfigurationOptions/additionalProperties/maxLength").asInt())
                .isEqualTo(AirflowRules.OPTION_VALUE_MAX);
        assertThat(at("/definitions/RelativePath/maxLength").asInt()).isEqualTo(S3LocationRules.MAX_PATH_LENGTH);
        assertThat(at("/definitions/ExistingNetwork/properties/SecurityGroupIds/maxItems").asInt())
                .isEqualTo(NetworkRules.MAX_SECURITY_GROUPS);
        assertThat(at("/definitions/ExistingNetwork/properties/SubnetIds/maxItems").asInt()).isEqualTo(NetworkRules.SUBNETS);
    }

    @Test
    void showsTheDefaultsOfTheNormalizedRequest() throws IOException {
        ObjectNode normalized = RequestJsonFields.tree(PARSER.read(RepositoryFiles.root().resolve("examples/minimal.yaml")).toJson());
        List<String> required = texts("/required");

        List<String> defaulted = new ArrayList<>();
        normalized.properties().forEach(e -> {
            if (!required.contains(e.getKey()) && !e.getKey().equals("LoggingConfiguration")) {
                defaulted.add(e.getKey());
                assertThat(at("/properties/" + e.getKey() + "/default")).as("default of %s", e.getKey()).isEqualTo(e.getValue());
            }
        });
        List<String> withDefault = new ArrayList<>();
        at("/properties").properties().forEach(e -> {
            if (e.getValue().has("default")) {
                withDefault.add(e.getKey());
            }
        });
        assertThat(withDefault).containsExactlyElementsOf(defaulted);
        JsonNode moduleDefault = RequestJsonFields.MAPPER.valueToTree(RequestDefaults.MODULE_LOGGING);
        assertThat(at("/definitions/ModuleLogging/properties/Enabled/default")).isEqualTo(moduleDefault.get("Enabled"));
        assertThat(at("/definitions/ModuleLogging/properties/LogLevel/default")).isEqualTo(moduleDefault.get("LogLevel"));
        normalized.get("LoggingConfiguration").forEach(module -> assertThat(module).isEqualTo(moduleDefault));
    }

    static List<Path> examples() {
        return RepositoryFiles.examples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleValidatesAgainstTheSchema(Path example) {
        InputFormat format = example.toString().endsWith(".json") ? InputFormat.JSON : InputFormat.YAML;

        assertThat(SCHEMA.validate(read(example), format)).isEmpty();
    }

    private static final String MINIMAL = """
            Name: analytics-dev
            SourceBucketArn: arn:aws:s3:::airflow-analytics-dev
            DagS3Path: dags
            Network:
              VpcCIDR: 10.192.0.0/16
              PublicSubnet1CIDR: 10.192.10.0/24
              PublicSubnet2CIDR: 10.192.11.0/24
              PrivateSubnet1CIDR: 10.192.20.0/24
              PrivateSubnet2CIDR: 10.192.21.0/24
            """;
    private static final String EXISTING = """
            Name: analytics-dev
            SourceBucketArn: arn:aws:s3:::airflow-analytics-dev
            DagS3Path: dags
            Network:
              SubnetIds: [subnet-0a1b2c3d4e5f60718, subnet-0f9e8d7c6b5a49382]
              SecurityGroupIds: [sg-0123456789abcdef0]
            """;

    private static Arguments request(String description, String yaml) {
        return Arguments.of(description, yaml);
    }

    private static String replacing(String base, String from, String to) {
        assertThat(base).contains(from);
        return base.replace(from, to);
    }

    static Stream<Arguments> refusedByBoth() {
        return Stream.of(
                request("name starts with a digit", replacing(MINIMAL, "Name: analytics-dev", "Name: 9analytics")),
                request("name too long", replacing(MINIMAL, "Name: analytics-dev", "Name: " + "a".repeat(81))),
                request("no name", replacing(MINIMAL, "Name: analytics-dev\n", "")),
                request("bucket ARN with /", replacing(MINIMAL, "airflow-analytics-dev\n", "airflow-analytics-dev/\n")),
                request("bucket as S3 URL", replacing(MINIMAL, "arn:aws:s3:::", "s3://")),
                request("bucket ARN in an unknown partition", replacing(MINIMAL, "arn:aws:s3", "arn:aws-eu:s3")),
                request("absolute DAG path", replacing(MINIMAL, "DagS3Path: dags", "DagS3Path: /dags")),
                request("DAG path as S3 URL", replacing(MINIMAL, "DagS3Path: dags", "DagS3Path: s3://b/dags")),
                request("unknown class", MINIMAL + "EnvironmentClass: mw1.huge\n"),
                request("version not allowed", MINIMAL + "AirflowVersion: 2.10.2\n"),
                request("version as a number", MINIMAL + "AirflowVersion: 2.10\n"),
                request("no workers", MINIMAL + "MinWorkers: 0\n"),
                request("workers above quota", MINIMAL + "MaxWorkers: 26\n"),
                request("workers as text", MINIMAL + "MaxWorkers: \"5\"\n"),
                request("six schedulers", MINIMAL + "Schedulers: 6\n"),
                request("one scheduler on mw1.small", MINIMAL + "Schedulers: 1\n"),
                request("one web server on mw1.medium", MINIMAL + "EnvironmentClass: mw1.medium\nMinWebservers: 1\n"),
                request("two workers on mw1.micro", MINIMAL + "EnvironmentClass: mw1.micro\nMaxWorkers: 2\n"),
                request("two schedulers on mw1.micro", MINIMAL + "EnvironmentClass: mw1.micro\nSchedulers: 2\n"),
                request("access mode in lowercase", MINIMAL + "WebserverAccessMode: private_only\n"),
                request("unknown endpoint management", MINIMAL + "EndpointManagement: AUTO\n"),
                request("unknown log level", MINIMAL + "LoggingConfiguration: {TaskLogs: {LogLevel: VERBOSE}}\n"),
                request("unknown log module", MINIMAL + "LoggingConfiguration: {TaskLog: {LogLevel: INFO}}\n"),
                request("logging enabled as text", MINIMAL + "LoggingConfiguration: {TaskLogs: {Enabled: \"true\"}}\n"),
                request("option name in capitals", MINIMAL + "AirflowConfigurationOptions: {Core.Parallelism: \"64\"}\n"),
                request("empty option value", MINIMAL + "AirflowConfigurationOptions: {core.parallelism: \"\"}\n"),
                request("option value not ASCII", MINIMAL + "AirflowConfigurationOptions: {webserver.instance_name: \"Büro\"}\n"),
                request("option value as a number", MINIMAL + "AirflowConfigurationOptions: {core.parallelism: 64}\n"),
                request("quarter-hour window", MINIMAL + "WeeklyMaintenanceWindowStart: TUE:03:15\n"),
                request("no tags", MINIMAL + "Tags: {}\n"),
                request("aws: tag", MINIMAL + "Tags: {\"aws:team\": analytics}\n"),
                request("empty tag value", MINIMAL + "Tags: {team: \"\"}\n"),
                request("51 tags", MINIMAL + "Tags: {" + String.join(", ",
                        Stream.iterate(0, i -> i + 1).limit(51).map(i -> "t" + i + ": v").toList()) + "}\n"),
                request("key alias", MINIMAL + "KmsKey: alias/mwaa\n"),
                request("multi-Region key", MINIMAL + "KmsKey: mrk-1234abcd12ab34cd56ef1234567890ab\n"),
                request("user instead of role", MINIMAL + "ExecutionRoleArn: arn:aws:iam::111122223333:user/jane\n"),
                request("unknown deletion policy", MINIMAL + "DeletionPolicy: Keep\n"),
                request("unknown failure handling", MINIMAL + "OnFailure: Retain\n"),
                request("unknown key", MINIMAL + "Owner: jane\n"),
                request("both network forms", MINIMAL + "  SubnetIds: [subnet-0a1b2c3d4e5f60718, subnet-0f9e8d7c6b5a49382]\n"),
                request("empty network", replacing(EXISTING, EXISTING.substring(EXISTING.indexOf("Network:")), "Network: {}\n")),
                request("four CIDRs", replacing(MINIMAL, "  PrivateSubnet2CIDR: 10.192.21.0/24\n", "")),
                request("VPC too large", replacing(MINIMAL, "10.192.0.0/16", "10.0.0.0/8")),
                request("subnet too small", replacing(MINIMAL, "10.192.21.0/24", "10.192.21.0/29")),
                request("octet above 255", replacing(MINIMAL, "10.192.21.0/24", "10.192.300.0/24")),
                request("one subnet", replacing(EXISTING, ", subnet-0f9e8d7c6b5a49382", "")),
                request("the same subnet twice", replacing(EXISTING, "subnet-0f9e8d7c6b5a49382", "subnet-0a1b2c3d4e5f60718")),
                request("malformed subnet ID", replacing(EXISTING, "subnet-0f9e8d7c6b5a49382", "subnet-XYZ")),
                request("no security group", replacing(EXISTING, "[sg-0123456789abcdef0]", "[]")),
                request("six security groups", replacing(EXISTING, "[sg-0123456789abcdef0]",
                        "[sg-00000001, sg-00000002, sg-00000003, sg-00000004, sg-00000005, sg-00000006]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByBoth")
    void theSchemaAndTheValidatorRefuseTheSameMistakes(String description, String yaml) {
        assertThat(schemaErrors(yaml)).as("schema errors").isNotEmpty();
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> PARSER.parse(yaml, description)))
                .as("refused by the validator").isNotNull();
    }

    static Stream<Arguments> acceptedByBoth() {
        return Stream.of(
                request("micro written out", MINIMAL + "EnvironmentClass: mw1.micro\nMinWorkers: 1\nMaxWorkers: 1\n"
                        + "Schedulers: 1\nMinWebservers: 1\nMaxWebservers: 1\n"),
                request("large with five schedulers", MINIMAL + "EnvironmentClass: mw1.large\nSchedulers: 5\nMaxWebservers: 5\n"),
                request("customer endpoints in an existing network", EXISTING + "EndpointManagement: CUSTOMER\n"),
                request("key ID", MINIMAL + "KmsKey: 1234abcd-12ab-34cd-56ef-1234567890ab\n"),
                request("GovCloud role with a path", MINIMAL
                        + "ExecutionRoleArn: arn:aws-us-gov:iam::111122223333:role/service-role/mwaa\n"),
                request("China bucket", replacing(MINIMAL, "arn:aws:s3:::", "arn:aws-cn:s3:::")),
                request("17-digit and 8-digit IDs", replacing(EXISTING, "[sg-0123456789abcdef0]", "[sg-0123abcd, sg-0123456789abcdef0]")),
                request("unicode tags", MINIMAL + "Tags: {Équipe: données}\n"),
                request("one logging module", MINIMAL + "LoggingConfiguration: {TaskLogs: {Enabled: false}}\n"),
                request("retain", MINIMAL + "DeletionPolicy: Retain\n"),
                request("delete and keep on failure", MINIMAL + "DeletionPolicy: Delete\nOnFailure: Keep\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedByBoth")
    void theSchemaAndTheValidatorAcceptTheSameRequests(String description, String yaml) {
        assertThat(schemaErrors(yaml)).as("schema errors").isEmpty();
        assertThat(PARSER.parse(yaml, description)).isNotNull();
    }
}
