package dev.mwaaprovisioner.local.cloud.mwaa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.protocol.RestJsonProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.RestRoutes;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Amazon MWAA's control plane (REST-JSON, signing name {@code airflow}): CreateEnvironment,
 * GetEnvironment, ListEnvironments, UpdateEnvironment, DeleteEnvironment, TagResource, UntagResource,
 * ListTagsForResource, at the paths of the API model. The Airflow-side operations (CLI and web login
 * tokens, the Airflow REST API, PublishMetrics) are refused as not emulated. The MWAA logic itself
 * is in {@link MwaaApi}; this class maps HTTP to it and its errors to the protocol's error shape.
 */
public final class MwaaService implements CloudService {

    private static final RestRoutes ROUTES = new RestRoutes()
            .add("PUT", "/environments/{Name}", "CreateEnvironment")
            .add("GET", "/environments/{Name}", "GetEnvironment")
            .add("PATCH", "/environments/{Name}", "UpdateEnvironment")
            .add("DELETE", "/environments/{Name}", "DeleteEnvironment")
            .add("GET", "/environments", "ListEnvironments")
            // Greedy, so an ARN whose '/' a hand-written client left unescaped still matches.
            .add("POST", "/tags/{ResourceArn+}", "TagResource")
            .add("DELETE", "/tags/{ResourceArn+}", "UntagResource")
            .add("GET", "/tags/{ResourceArn+}", "ListTagsForResource")
            .add("POST", "/clitoken/{Name}", "CreateCliToken")
            .add("POST", "/webtoken/{Name}", "CreateWebLoginToken")
            .add("POST", "/restapi/{Name}", "InvokeRestApi")
            .add("POST", "/metrics/environments/{EnvironmentName}", "PublishMetrics");

    private final ServiceContext context;
    private final RestJsonProtocol protocol = new RestJsonProtocol(ROUTES);
    private final MwaaApi api;
    private final BiFunction<ServiceContext, MwaaScope, CloudResources> resources;

    /** The service with the options of {@link MwaaOptions#fromSystemProperties()}. */
    public MwaaService(ServiceContext context) {
        this(context, MwaaOptions.fromSystemProperties(), StoreResources::new);
    }

    /**
     * @param resources what the references of an environment are checked against, per account and Region
     */
    MwaaService(ServiceContext context, MwaaOptions options,
            BiFunction<ServiceContext, MwaaScope, CloudResources> resources) {
        this.context = context;
        this.api = new MwaaApi(options, () -> context.clock().now(), new InjectedFaults(context.faults()));
        this.resources = resources;
    }

    /** A factory for {@code LocalCloudConfig.withServices}: MWAA with other options than the defaults. */
    public static Function<ServiceContext, CloudService> withOptions(MwaaOptions options) {
        return context -> new MwaaService(context, options, StoreResources::new);
    }

    @Override
    public String signingName() {
        return "airflow";
    }

    @Override
    public String displayName() {
        return "Amazon MWAA";
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    @Override
    public Collection<?> components() {
        return List.of(api);
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        RestRoutes.Match route = protocol.match(request);
        MwaaScope scope = MwaaScope.of(request.accountId(), request.region());
        CloudResources resources = this.resources.apply(context, scope);
        try {
            JsonNode output = switch (request.operation()) {
                case "CreateEnvironment" -> api.createEnvironment(scope, resources, route.param("Name"), body(request));
                case "GetEnvironment" -> api.getEnvironment(scope, route.param("Name"));
                case "UpdateEnvironment" -> api.updateEnvironment(scope, resources, route.param("Name"), body(request));
                case "DeleteEnvironment" -> api.deleteEnvironment(scope, resources, route.param("Name"));
                case "ListEnvironments" -> api.listEnvironments(scope, request.queryParam("MaxResults"),
                        request.queryParam("NextToken"));
                case "TagResource" -> api.tagResource(scope, route.param("ResourceArn"), body(request));
                case "UntagResource" -> api.untagResource(scope, route.param("ResourceArn"),
                        request.queryParams().get("tagKeys"));
                case "ListTagsForResource" -> api.listTagsForResource(scope, route.param("ResourceArn"));
                default -> throw protocol.unsupportedOperation(displayName(), request.operation());
            };
            return protocol.respond(request, output);
        } catch (MwaaException e) {
            throw new CloudException(e.code(), e.httpStatus(), e.getMessage(), e.httpStatus() < 500);
        }
    }

    private ObjectNode body(CloudRequest request) {
        return protocol.input(request);
    }

    @Override
    public JsonNode inventory() {
        return api.inventory();
    }
}
