package dev.mwaaprovisioner.local.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.CloudServices;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Service;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * An in-process local cloud for the workflow's handlers, and the environment a deployed function
 * would have (endpoint, Region, credentials, its template variables), so each handler runs
 * exactly as in Lambda, through the real AWS SDK over HTTP.
 */
final class WorkflowCloud implements AutoCloseable {

    static final String CONFIG_BUCKET = "mwaa-provisioner-configbucket-example";

    final LocalCloud cloud;

    WorkflowCloud() {
        this(10_000);
    }

    /**
     * @param timeScale simulated seconds per real second. Whole executions use a moderate scale:
     *                  the handlers' real run time (a cold JVM's first calls take seconds) is
     *                  simulated time too, and counts against the workflow's deadlines.
     */
    WorkflowCloud(double timeScale) {
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(timeScale));
    }

    /**
     * As {@link #WorkflowCloud(double)}, in an account whose EC2 quotas were raised (as a platform
     * team that provisions many environments would ask AWS to): the defaults of 5 VPCs and 5
     * Elastic IPs fit two network stacks.
     */
    WorkflowCloud(double timeScale, int vpcLimit, int elasticIpLimit) {
        List<Function<ServiceContext, CloudService>> services = new ArrayList<>();
        // Served first, so it is the EC2 every request and every service lookup finds.
        services.add(context -> new Ec2Service(context, Ec2Settings.defaults().withLimits(vpcLimit, elasticIpLimit)));
        services.addAll(CloudServices.all());
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(timeScale).withServices(services));
    }

    /** The environment of a deployed function, pointed at this cloud. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", LocalCloud.DEFAULT_REGION);
        env.put("AWS_ENDPOINT_URL", cloud.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("CONFIG_BUCKET", CONFIG_BUCKET);
        env.put("REQUEST_PREFIX", "requests/");
        env.put("EVENT_BUS_NAME", "default");
        env.put("NETWORK_STACK_ROLE_ARN", TemplatePolicies.NETWORK_STACK_ROLE_ARN);
        env.put("STATE_MACHINE_ARN", WorkflowHarness.STATE_MACHINE_ARN);
        return env;
    }

    /** A sample input of events/, to be adapted by the test. */
    static ObjectNode event(String function, String file) {
        try {
            // The placeholders `mwaa-local invoke` fills from a deployment, filled from this world.
            String sample = java.nio.file.Files.readString(RepositoryFiles.EVENTS.resolve(Path.of(function, file)))
                    .replace("${ConfigBucketName}", CONFIG_BUCKET)
                    .replace("${RequestVersionId}", "Z1zD3Lm0bPGbMNA2TQNtrbT7kN.wmJNz");
            JsonNode node = WorkflowJson.MAPPER.readTree(sample);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T as(JsonNode node, Class<T> type) {
        return WorkflowJson.MAPPER.convertValue(node, type);
    }

    @Override
    public void close() {
        cloud.close();
    }
}
