package dev.mwaaprovisioner.local.runner;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.aws.AwsClientFactory;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.DerivedNames;
import dev.mwaaprovisioner.common.documents.NetworkTemplate;
import dev.mwaaprovisioner.common.workflow.ClaimStore;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.functions.AwsTarget;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.mwaa.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The environments a deployment manages, read without writing anything: the status documents
 * ({@code status/<Name>.json}) and claims ({@code claims/<Name>.json}) of its config bucket, and
 * MWAA's environments that carry the provisioner's tag or match one of them.
 *
 * <p>Both documents are read as trees, field by field: a field this code does not know is
 * ignored and a missing one is shown as {@value #NONE}, so records written by older or newer
 * deployments read the same.
 */
public final class ManagedEnvironments implements AutoCloseable {

    /** Shown for a value nobody recorded. */
    public static final String NONE = "-";

    /** {@code status/<Name>.json}, not the {@code .conflict-<hash>.json} statuses of refused requests. */
    private static final Pattern STATUS_KEY = Pattern.compile(Pattern.quote(DerivedNames.STATUS_PREFIX)
            + "([A-Za-z][0-9A-Za-z_-]*)\\.json");
    private static final Pattern CLAIM_KEY = Pattern.compile(Pattern.quote(ClaimStore.PREFIX) + "([A-Za-z][0-9A-Za-z_-]*)\\.json");
    /** A digest is shown by its first characters, as Git shows commits. */
    private static final int DIGEST_SHOWN = 12;

    /**
     * One environment as the table shows it.
     *
     * @param state          the status document's {@code State} (SUCCEEDED, UPDATED, FAILED, IN_PROGRESS...)
     * @param mwaaStatus     MWAA's status of the environment, {@value #NONE} when it does not exist
     * @param versionApplied the request file's object version last applied, else its digest
     * @param ownerFile      the request file that owns the Name (its claim), else the status's source
     * @param lastExecution  the execution holding the Name, else the one that wrote the status
     * @param updatedAt      the later of the status's and the claim's times
     */
    @JsonPropertyOrder({"Name", "State", "MwaaStatus", "VersionApplied", "OwnerFile", "LastExecutionArn", "UpdatedAt",
            "WebserverUrl", "Error"})
    public record Row(@JsonProperty("Name") String name,
                      @JsonProperty("State") String state,
                      @JsonProperty("MwaaStatus") String mwaaStatus,
                      @JsonProperty("VersionApplied") String versionApplied,
                      @JsonProperty("OwnerFile") String ownerFile,
                      @JsonProperty("LastExecutionArn") String lastExecution,
                      @JsonProperty("UpdatedAt") String updatedAt,
                      @JsonProperty("WebserverUrl") String webserverUrl,
                      @JsonProperty("Error") String error) {
    }

    private final AwsTarget target;
    private final Deployment deployment;
    private final AwsClientFactory clients;
    private final S3Client s3;
    private final MwaaClient mwaa;

    public ManagedEnvironments(AwsTarget target, Deployment deployment) {
        this.target = target;
        this.deployment = deployment;
        this.clients = new AwsClientFactory(target.variables());
        this.s3 = clients.create(S3Client.builder().forcePathStyle(target.endpointOverride().isPresent()), AwsService.S3);
        this.mwaa = clients.create(MwaaClient.builder(), AwsService.MWAA);
    }

    /** Every managed environment, by Name. */
    public List<Row> list() {
        TreeSet<String> recorded = new TreeSet<>();
        recorded.addAll(keys(DerivedNames.STATUS_PREFIX, STATUS_KEY));
        recorded.addAll(keys(ClaimStore.PREFIX, CLAIM_KEY));
        Map<String, Environment> environments = new TreeMap<>();
        call("airflow:ListEnvironments", () -> {
            for (String name : mwaa.listEnvironmentsPaginator(r -> { }).environments()) {
                environment(name).filter(e -> recorded.contains(name) || tagged(e))
                        .ifPresent(e -> environments.put(name, e));
            }
            return null;
        });
        TreeSet<String> names = new TreeSet<>(recorded);
        names.addAll(environments.keySet());
        List<Row> rows = new ArrayList<>();
        for (String name : names) {
            rows.add(row(name, document(DerivedNames.statusKey(name)), document(ClaimStore.key(name)),
                    Optional.ofNullable(environments.get(name))));
        }
        return rows;
    }

    /** One environment, or empty when the deployment has no record of it and MWAA none it tags. */
    public Optional<Row> find(String name) {
        Optional<JsonNode> status = document(DerivedNames.statusKey(name));
        Optional<JsonNode> claim = document(ClaimStore.key(name));
        Optional<Environment> environment = call("airflow:GetEnvironment", () -> environment(name));
        if (status.isEmpty() && claim.isEmpty() && environment.filter(ManagedEnvironments::tagged).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(row(name, status, claim, environment));
    }

    private Row row(String name, Optional<JsonNode> status, Optional<JsonNode> claim, Optional<Environment> environment) {
        JsonNode s = status.orElse(WorkflowJson.MAPPER.missingNode());
        JsonNode c = claim.orElse(WorkflowJson.MAPPER.missingNode());
        String state = text(s.path("State"));
        String owner = text(c.path("Owner").path("Uri"));
        if (owner == null && "InlineEvent".equals(text(c.path("Owner").path("Type")))) {
            owner = "inline events";
        }
        if (owner == null) {
            owner = text(s.path("Source").path("Uri"));
        }
        String execution = first(text(c.path("Holder").path("ExecutionArn")), text(s.path("ExecutionArn")));
        String url = first(environment.map(Environment::webserverUrl).orElse(null),
                text(s.path("Environment").path("WebserverUrl")));
        String error = s.path("Error").isObject()
                ? first(text(s.path("Error").path("Error")), NONE) + ": " + firstLine(text(s.path("Error").path("Cause")))
                : null;
        return new Row(name, orNone(state), environment.map(Environment::statusAsString).orElse(NONE),
                orNone(versionApplied(s, c)), orNone(owner), orNone(execution), orNone(later(
                        first(text(s.path("FinishedAt")), text(s.path("StartedAt"))), text(c.path("UpdatedAt")))),
                url, error);
    }

    /**
     * The version last applied: an object version the claim records, else the status's source
     * version when the status says it was applied, else the claim's request digest.
     */
    private static String versionApplied(JsonNode status, JsonNode claim) {
        String recorded = first(text(claim.path("AppliedVersionId")), text(claim.path("Applied").path("VersionId")));
        if (recorded != null) {
            return recorded;
        }
        String state = text(status.path("State"));
        String version = text(status.path("Source").path("VersionId"));
        if (version != null && ("SUCCEEDED".equals(state) || "UPDATED".equals(state) || "UNCHANGED".equals(state))) {
            return version;
        }
        String digest = text(claim.path("AppliedRequestDigest"));
        return digest == null ? null : "sha256:" + digest.substring(0, Math.min(DIGEST_SHOWN, digest.length()));
    }

    private static boolean tagged(Environment environment) {
        return environment.tags() != null && environment.tags().containsKey(NetworkTemplate.ENVIRONMENT_TAG_KEY);
    }

    private Optional<Environment> environment(String name) {
        try {
            return Optional.of(mwaa.getEnvironment(r -> r.name(name)).environment());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The Names of the keys under {@code prefix} that {@code pattern} matches. */
    private List<String> keys(String prefix, Pattern pattern) {
        return call("s3:ListBucket s3://" + deployment.configBucket() + "/" + prefix, () -> {
            List<String> names = new ArrayList<>();
            try {
                for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(deployment.configBucket()).prefix(prefix))
                        .contents()) {
                    var m = pattern.matcher(object.key());
                    if (m.matches()) {
                        names.add(m.group(1));
                    }
                }
            } catch (NoSuchBucketException e) {
                throw noBucket();
            }
            return names;
        });
    }

    /** A JSON document of the config bucket as a tree; empty when it is missing or not JSON. */
    private Optional<JsonNode> document(String key) {
        return call("s3:GetObject s3://" + deployment.configBucket() + "/" + key, () -> {
            try {
                byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(deployment.configBucket()).key(key)).asByteArray();
                JsonNode tree = WorkflowJson.MAPPER.readTree(bytes);
                return tree != null && tree.isObject() ? Optional.of(tree) : Optional.<JsonNode>empty();
            } catch (NoSuchKeyException e) {
                return Optional.<JsonNode>empty();
            } catch (NoSuchBucketException e) {
                throw noBucket();
            } catch (IOException e) {
                return Optional.<JsonNode>empty();
            }
        });
    }

    private Deployment.NotDeployedException noBucket() {
        return new Deployment.NotDeployedException("The config bucket " + deployment.configBucket() + " does not exist "
                + "on " + target.describe() + ": give the bucket of the deployment (--config-bucket), or its stack "
                + "(--stack-name).");
    }

    private <T> T call(String operation, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw TargetUnreachableException.of(target, operation, e);
        }
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String orNone(String value) {
        return value == null ? NONE : value;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return NONE;
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " ...";
    }

    /** The later of two ISO-8601 times; either may be missing or, written by something else, not a time. */
    private static String later(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        try {
            return Instant.parse(a).isBefore(Instant.parse(b)) ? b : a;
        } catch (DateTimeParseException e) {
            return a;
        }
    }

    @Override
    public void close() {
        s3.close();
        mwaa.close();
        clients.close();
    }
}
