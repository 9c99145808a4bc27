package dev.mwaaprovisioner.common.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RequestParserTest {

    static final String HEAD = """
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
    static final String EXISTING = """
            Name: analytics-dev
            SourceBucketArn: arn:aws:s3:::airflow-analytics-dev
            DagS3Path: dags
            Network:
              SubnetIds: [subnet-0a1b2c3d4e5f60718, subnet-0f9e8d7c6b5a49382]
              SecurityGroupIds: [sg-0123456789abcdef0]
            """;

    private final RequestParser parser = RequestParser.standard();

    private ProvisioningRequest parse(String yaml) {
        return parser.parse(yaml, "test.yaml");
    }

    private static List<String> problems(RequestParser parser, String yaml) {
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> parser.parse(yaml, "test.yaml"));
        assertThat(refused).as("refused").isNotNull();
        return refused.problems().stream().map(Problem::toString).toList();
    }

    private List<String> problems(String yaml) {
        return problems(parser, yaml);
    }

    @Test
    void aRequestWithoutOptionsGetsEveryDefault() {
        ProvisioningRequest r = parse(HEAD);

        assertThat(r.airflowVersion()).isEqualTo(RequestDefaults.AIRFLOW_VERSION).isEqualTo("2.10.3");
        assertThat(r.environmentClass()).isEqualTo("mw1.small");
        assertThat(List.of(r.minWorkers(), r.maxWorkers(), r.schedulers(), r.minWebservers(), r.maxWebservers()))
                .containsExactly(1, 10, 2, 2, 2);
        assertThat(r.webserverAccessMode()).isEqualTo(WebserverAccessMode.PRIVATE_ONLY);
        assertThat(r.endpointManagement()).isEqualTo(EndpointManagement.SERVICE);
        ModuleLogging infoOn = new ModuleLogging(true, LogLevel.INFO);
        assertThat(r.loggingConfiguration()).isEqualTo(new LoggingConfiguration(infoOn, infoOn, infoOn, infoOn, infoOn));
        assertThat(r.airflowConfigurationOptions()).isEmpty();
        assertThat(r.deletionPolicy()).as("deleting the file keeps the environment unless asked")
                .isEqualTo(DeletionPolicy.RETAIN);
        assertThat(r.onFailure()).isEqualTo(OnFailure.ROLLBACK);
        assertThat(r.tags()).isNull();
        assertThat(r.kmsKey()).isNull();
        assertThat(r.executionRoleArn()).isNull();
    }

    @Test
    void theNormalizedJsonShowsTheDefaultsInApiOrderAndLeavesOutWhatIsNotGiven() {
        String json = parse(HEAD).toJson();

        assertThat(RequestJsonFields.topLevelKeys(json)).containsExactly("Name", "SourceBucketArn", "DagS3Path",
                "Network", "AirflowVersion", "EnvironmentClass", "MinWorkers", "MaxWorkers", "Schedulers",
                "MinWebservers", "MaxWebservers", "WebserverAccessMode", "EndpointManagement", "LoggingConfiguration",
                "AirflowConfigurationOptions", "DeletionPolicy", "OnFailure");
        assertThat(json).contains("\"LoggingConfiguration\":{\"DagProcessingLogs\":{\"Enabled\":true,\"LogLevel\":\"INFO\"}");
        assertThat(parse(HEAD).toPrettyJson()).contains("\n  \"AirflowVersion\" : \"2.10.3\",\n");
    }

    static List<Path> examples() {
        return RepositoryFiles.examples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theNormalizedJsonReadsBackToTheSameRequest(Path example) throws IOException {
        ProvisioningRequest request = parser.read(example);

        assertThat(parser.parse(request.toJson(), "normalized.json")).isEqualTo(request);
        assertThat(parser.parse(request.toPrettyJson(), "normalized.json")).isEqualTo(request);
        // Plain Jackson reads it too, telling the two network forms apart by their keys.
        assertThat(RequestJsonFields.MAPPER.readValue(request.toJson(), ProvisioningRequest.class)).isEqualTo(request);
    }

    @Test
    void yamlAndJsonFormsOfARequestAreTheSame() {
        String json = """
                 {"Name": "analytics-dev", "SourceBucketArn": "arn:aws:s3:::airflow-analytics-dev", "DagS3Path": "dags",
                  "Network": {"SubnetIds": ["subnet-0a1b2c3d4e5f60718", "subnet-0f9e8d7c6b5a49382"],
                              "SecurityGroupIds": ["sg-0123456789abcdef0"]}}
                """;

        assertThat(parser.parse(json, "r.json")).isEqualTo(parse(EXISTING));
    }

    @Test
    void theFormatIsToldByContentNotByName() {
        assertThat(DocumentReader.formatOf("  \n {\"Name\": 1}")).isEqualTo(DocumentReader.Format.JSON);
        assertThat(DocumentReader.formatOf("[1]")).isEqualTo(DocumentReader.Format.JSON);
        assertThat(DocumentReader.formatOf("# {comment}\nName: x")).isEqualTo(DocumentReader.Format.YAML);
        // A YAML file named .json is read as YAML, and the other way round.
        assertThat(parser.parse(EXISTING, "request.json")).isEqualTo(parse(EXISTING));
    }

    @Test
    void aByteOrderMarkIsAccepted() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] yaml = HEAD.getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + yaml.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(yaml, 0, content, bom.length, yaml.length);

        assertThat(parser.parse(content, "bom.yaml")).isEqualTo(parse(HEAD));
    }

    @Test
    void microGetsOneOfEachAndAcceptsThemWrittenOut() {
        ProvisioningRequest r = parse(HEAD + "EnvironmentClass: mw1.micro\nMinWorkers: 1\nMaxWorkers: 1\nSchedulers: 1\n");

        assertThat(List.of(r.minWorkers(), r.maxWorkers(), r.schedulers(), r.minWebservers(), r.maxWebservers()))
                .containsOnly(1);
    }

    @Test
    void aLoggingModuleMayGiveOnlyOnePart() {
        ProvisioningRequest r = parse(HEAD + "LoggingConfiguration:\n  TaskLogs: {LogLevel: DEBUG}\n  WorkerLogs: {Enabled: no}\n");

        assertThat(r.loggingConfiguration().taskLogs()).isEqualTo(new ModuleLogging(true, LogLevel.DEBUG));
        assertThat(r.loggingConfiguration().workerLogs()).isEqualTo(new ModuleLogging(false, LogLevel.INFO));
        assertThat(r.loggingConfiguration().schedulerLogs()).isEqualTo(RequestDefaults.MODULE_LOGGING);
    }

    @Test
    void optionalValuesInTheirAcceptedForms() {
        ProvisioningRequest r = parse(HEAD + """
                KmsKey: 1234abcd-12ab-34cd-56ef-1234567890ab
                ExecutionRoleArn: arn:aws-us-gov:iam::111122223333:role/service-role/mwaa/analytics
                WeeklyMaintenanceWindowStart: SAT:23:30
                Tags: {Équipe: données, "cost center": "4711", path: a/b=c+d@e}
                AirflowConfigurationOptions: {core.dag_concurrency: "16", smtp.smtp_mail_from: "a b <c@d.e>"}
                """);

        assertThat(r.tags()).containsExactly(Map.entry("Équipe", "données"), Map.entry("cost center", "4711"),
                Map.entry("path", "a/b=c+d@e"));
        assertThat(r.usesCustomerManagedKey()).isTrue();
        assertThat(r.createsExecutionRole()).isFalse();
        assertThat(parse(HEAD + "KmsKey: arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\n")
                .kmsKey()).startsWith("arn:aws-cn:kms:");
        assertThat(parse(HEAD.replace("arn:aws:s3:::airflow-analytics-dev", "arn:aws-cn:s3:::my.bucket-1"))
                .sourceBucketArn()).isEqualTo("arn:aws-cn:s3:::my.bucket-1");
    }

    @Test
    void customerManagedEndpointsNeedAnExistingNetwork() {
        assertThat(parser.parse(EXISTING + "EndpointManagement: CUSTOMER\n", "r").endpointManagement())
                .isEqualTo(EndpointManagement.CUSTOMER);
    }

    @Test
    void numbersInOtherYamlFormsAreNotTakenForCounts() {
        assertThat(problems(HEAD + "MaxWorkers: 0x10\n"))
                .containsExactly("MaxWorkers: expected a whole number, got the text \"0x10\"");
    }

    @Test
    void publicAndPrivateAccessIsAcceptedWhereTheAllowListOffersAirflow32() {
        MwaaAllowLists withAirflow32 = new MwaaAllowLists(List.of("2.10.3", "3.2.0"),
                MwaaAllowLists.builtIn().environmentClasses(), 25);
        RequestParser parser32 = new RequestParser(withAirflow32);

        assertThat(parser32.parse(HEAD + "AirflowVersion: 3.2.0\nWebserverAccessMode: PUBLIC_AND_PRIVATE\n", "r")
                .webserverAccessMode()).isEqualTo(WebserverAccessMode.PUBLIC_AND_PRIVATE);
        assertThat(problems(parser32, HEAD + "WebserverAccessMode: PUBLIC_AND_PRIVATE\n")).containsExactly(
                "WebserverAccessMode: PUBLIC_AND_PRIVATE needs Airflow 3.2 or later, but AirflowVersion is 2.10.3"
                        + " (the default); choose PRIVATE_ONLY or PUBLIC_ONLY, or AirflowVersion 3.2.0");
    }

    @Test
    void theDefaultsMustBeInTheAllowListsInForce() {
        RequestParser narrow = new RequestParser(new MwaaAllowLists(List.of("2.11.0"), List.of("mw1.medium"), 25));

        assertThat(problems(narrow, HEAD)).containsExactly(
                "AirflowVersion: is not given, and the default 2.10.3 is not allowed in this deployment; choose one of 2.11.0",
                "EnvironmentClass: is not given, and the default mw1.small is not allowed in this deployment;"
                        + " choose one of mw1.medium");
        assertThat(narrow.parse(HEAD + "AirflowVersion: 2.11.0\nEnvironmentClass: mw1.medium\n", "r")).isNotNull();
    }

    @Test
    void theWorkerQuotaComesFromTheAllowLists() {
        RequestParser raised = new RequestParser(new MwaaAllowLists(List.of("2.10.3"), List.of("mw1.small"), 50));

        assertThat(raised.parse(HEAD + "MaxWorkers: 40\n", "r").maxWorkers()).isEqualTo(40);
        assertThat(problems(HEAD + "MaxWorkers: 40\n")).hasSize(1);
    }

    @Test
    void everyProblemIsOneLineEvenWithHostileKeysAndValues() {
        List<String> lines = problems(HEAD + "\"bad\\nkey\\u202e\": 1\nTags: {\"x\\ny\": \"a\\u0000b\"}\nKmsKey: \"k\\r\\nInjected: line\"\n");

        assertThat(lines).containsExactly(
                "Request[\"bad\\nkey\\u202e\"]: unknown key; remove it (docs/request-file.md lists every key)",
                "Tags[\"x\\ny\"]: key may only hold letters, digits, spaces and _ . : / = + - @",
                "Tags[\"x\\ny\"]: value \"a\\u0000b\" may only hold letters, digits, spaces and _ . : / = + - @",
                "KmsKey: \"k\\r\\nInjected: line\" is neither a KMS key ID nor a key ARN; give e.g."
                        + " arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab,"
                        + " or remove KmsKey to use the AWS-owned key");
        lines.forEach(line -> assertThat(line).doesNotContain("\n", "\r", "\u0000"));
    }

    @Test
    void sensitiveOptionValuesAreNeverPrinted() {
        ProvisioningRequest r = parse(HEAD + "AirflowConfigurationOptions: {secrets.backend_kwargs: \"s3cr3t-token\"}\n");
        List<String> lines = problems(HEAD + "AirflowConfigurationOptions: {core.x: \"s3cr3t-tökén\"}\n");

        assertThat(r.toString()).contains("secrets.backend_kwargs=***").doesNotContain("s3cr3t");
        assertThat(lines).singleElement().asString().doesNotContain("s3cr3t");
    }

    @Test
    void thousandsOfProblemsAreListedInPartAndQuickly() {
        StringBuilder request = new StringBuilder(HEAD);
        for (int i = 0; i < 4000; i++) {
            request.append("UnknownKeyNumber").append(i).append("WithSomeLength: ").append(i).append('\n');
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();

        List<String> lines = problems(request.toString());

        assertThat(Duration.ofNanos(threads.getCurrentThreadCpuTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(lines).hasSize(RequestParser.MAX_PROBLEMS)
                .endsWith("Request: 3901 more problems are not listed; fix the ones above first");
        assertThat(lines.get(0)).startsWith("UnknownKeyNumber0WithSomeLength: unknown key");
    }

    @Test
    void aHugeStreamIsRefusedAfterReadingJustPastTheLimit() throws IOException {
        CountingStream endless = new CountingStream();

        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> parser.read(endless, "endless"));

        assertThat(refused.problems()).singleElement().extracting(Problem::path).isEqualTo("Request");
        assertThat(endless.read).isEqualTo(RequestParser.MAX_BYTES + 1);
        assertThat(refused.sourceName()).isEqualTo("endless");
    }

    @Test
    void aRefusedRequestKeepsItsNameOnlyWhenTheNameItselfIsValid() {
        InvalidRequestException badWorkers = catchThrowableOfType(InvalidRequestException.class,
                () -> parse(HEAD + "MinWorkers: 0\n"));
        InvalidRequestException badName = catchThrowableOfType(InvalidRequestException.class,
                () -> parse(HEAD.replace("Name: analytics-dev", "Name: 9lives") + "MinWorkers: 0\n"));

        assertThat(badWorkers.environmentName()).contains("analytics-dev");
        assertThat(badName.environmentName()).isEmpty();
    }

    @Test
    void anInvalidRequestHasAtLeastOneProblem() {
        assertThatThrownBy(() -> new InvalidRequestException("x", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Problem("Network.VpcCIDR", "is required")).hasToString("Network.VpcCIDR: is required");
    }

    /** An input stream that never ends, counting what is read from it. */
    private static final class CountingStream extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 'a';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'a');
            read += len;
            return len;
        }
    }
}
