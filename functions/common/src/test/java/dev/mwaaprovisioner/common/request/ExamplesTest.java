package dev.mwaaprovisioner.common.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The request files users copy from {@code examples/} are valid and mean what they say. */
class ExamplesTest {

    private final RequestParser parser = RequestParser.standard();

    static List<Path> examples() {
        return RepositoryFiles.examples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void isValid(Path example) throws IOException {
        ProvisioningRequest request = parser.read(example);

        assertThat(request.name()).isNotBlank();
    }

    @Test
    void theExamplesNamedInTheDocumentationExist() {
        assertThat(examples()).extracting(p -> p.getFileName().toString()).contains(
                "minimal.yaml", "full-options.yaml", "existing-network.yaml", "micro.yaml",
                "customer-managed-key.yaml", "tagged.json");
    }

    @Test
    void minimalIsTheDesignsMinimalRequest() throws IOException {
        ProvisioningRequest request = read("minimal.yaml");

        assertThat(request).isEqualTo(parser.parse("""
                Name: analytics-dev
                SourceBucketArn: arn:aws:s3:::airflow-analytics-dev
                DagS3Path: dags
                Network:
                  VpcCIDR: 10.192.0.0/16
                  PublicSubnet1CIDR: 10.192.10.0/24
                  PublicSubnet2CIDR: 10.192.11.0/24
                  PrivateSubnet1CIDR: 10.192.20.0/24
                  PrivateSubnet2CIDR: 10.192.21.0/24
                """, "design"));
        assertThat(request.createsNetwork()).isTrue();
        assertThat(request.usesCustomerManagedKey()).isFalse();
        assertThat(request.createsExecutionRole()).isTrue();
    }

    @Test
    void fullOptionsSetsEveryKey() throws IOException {
        ProvisioningRequest request = read("full-options.yaml");

        // Every key is present in the normalized JSON, none left to a default.
        assertThat(RequestJsonFields.topLevelKeys(request.toJson()))
                .containsExactlyElementsOf(RecordKeys.of(ProvisioningRequest.class));
        assertThat(request.airflowConfigurationOptions()).containsEntry("core.load_examples", "False");
        assertThat(request.deletionPolicy()).isEqualTo(DeletionPolicy.RETAIN);
        assertThat(request.loggingConfiguration().webserverLogs()).isEqualTo(new ModuleLogging(false, LogLevel.ERROR));
    }

    @Test
    void existingNetworkUsesTheGivenIds() throws IOException {
        ProvisioningRequest request = read("existing-network.yaml");

        assertThat(request.createsNetwork()).isFalse();
        assertThat(request.network()).isEqualTo(new ExistingNetwork(
                List.of("subnet-0a1b2c3d4e5f60718", "subnet-0f9e8d7c6b5a49382"), List.of("sg-0123456789abcdef0")));
    }

    @Test
    void microRunsOneOfEach() throws IOException {
        ProvisioningRequest request = read("micro.yaml");

        assertThat(request.environmentClass()).isEqualTo("mw1.micro");
        assertThat(List.of(request.minWorkers(), request.maxWorkers(), request.schedulers(),
                request.minWebservers(), request.maxWebservers())).containsOnly(1);
    }

    @Test
    void customerManagedKeyUsesTheKeyArn() throws IOException {
        ProvisioningRequest request = read("customer-managed-key.yaml");

        assertThat(request.usesCustomerManagedKey()).isTrue();
        // In the embedded cloud's account and Region, where `provision` creates the key.
        assertThat(request.kmsKey()).startsWith("arn:aws:kms:us-east-1:000000000000:key/");
    }

    private ProvisioningRequest read(String name) throws IOException {
        return parser.read(RepositoryFiles.root().resolve("examples").resolve(name));
    }
}
