package dev.mwaaprovisioner.local.cloud.mwaa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MWAA control-plane operations, independent of HTTP: each takes the decoded request members and
 * returns the JSON response body, or throws {@link MwaaException} with the error AWS would answer.
 * Environments live in memory, per account and Region.
 */
public final class MwaaApi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern ENVIRONMENT_ARN =
            Pattern.compile("arn:aws(-[a-z]+)?:airflow:[a-z0-9\\-]+:\\d{12}:environment/\\w+.*");
    private static final Pattern ARN_PARTS =
            Pattern.compile("arn:(aws(?:-[a-z]+)?):airflow:([a-z0-9\\-]+):(\\d{12}):environment/(.+)");
    private static final Set<EnvironmentStatus> UPDATABLE =
            EnumSet.of(EnvironmentStatus.AVAILABLE, EnvironmentStatus.UPDATE_FAILED);
    private static final Set<EnvironmentStatus> DELETABLE = EnumSet.of(EnvironmentStatus.AVAILABLE,
            EnvironmentStatus.CREATE_FAILED, EnvironmentStatus.UPDATE_FAILED, EnvironmentStatus.UNAVAILABLE,
            EnvironmentStatus.PENDING);
    private static final int DEFAULT_MAX_RESULTS = 25;
    private static final int MAX_TAGS = 50;

    private final MwaaOptions options;
    private final Supplier<Instant> clock;
    private final MwaaFaults faults;
    private final Map<MwaaScope, NavigableMap<String, MwaaEnvironment>> environments = new HashMap<>();

    public MwaaApi(MwaaOptions options, Supplier<Instant> clock, MwaaFaults faults) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    public MwaaOptions options() {
        return options;
    }

    /** {@code PUT /environments/{Name}}: checks the request and the resources it names, starts CREATING. */
    public synchronized ObjectNode createEnvironment(MwaaScope scope, CloudResources resources, String name,
            JsonNode body) {
        EnvironmentInput in = EnvironmentRequestReader.read(EnvironmentRequestReader.Operation.CREATE, name, body);
        NavigableMap<String, MwaaEnvironment> envs = environments(scope);
        if (envs.containsKey(name)) {
            throw MwaaException.validation("An environment named " + name + " already exists in "
                    + scope.region() + ". Environment names are unique per account and Region.");
        }
        EnvironmentSettings settings = EnvironmentRules.forCreate(in, options);
        if (faults.roleNotYetAssumable(settings.executionRoleArn())) {
            throw ReferenceChecks.roleNotAssumable(settings.executionRoleArn());
        }
        ReferenceChecks.checkRole(resources, settings.executionRoleArn());
        if (faults.rolePermissionsNotYetEffective(settings.executionRoleArn())) {
            String bucketName = settings.sourceBucketArn().substring(settings.sourceBucketArn().lastIndexOf(':') + 1);
            throw MwaaException.validation("The provided execution role does not have sufficient permissions for s3 "
                    + "location " + bucketName + "/" + settings.dagS3Path());
        }
        ReferenceChecks.checkBucket(resources, settings.sourceBucketArn(), scope.region());
        ReferenceChecks.checkNetwork(resources, settings.subnetIds(), settings.securityGroupIds());
        if (settings.kmsKey() != null) {
            ReferenceChecks.checkKey(resources, settings.kmsKey());
        }
        String serviceRoleArn = resources.ensureServiceLinkedRole();
        LastUpdate.Failure failure = faults.creationFailure(name).orElse(null);
        Duration creation = options.createDuration();
        if (failure == null && !ReferenceChecks.allowsTrafficWithinEnvironment(resources, settings.securityGroupIds())) {
            // AWS accepts the request, then cannot bring the environment up: it fails hours later.
            failure = ReferenceChecks.NETWORK_BLOCKS_ENVIRONMENT;
            creation = options.stuckCreationDuration();
        }
        MwaaEnvironment env = new MwaaEnvironment(identity(scope, name, serviceRoleArn), settings, in.tags,
                clock.get(), creation, options.pendingTimeout(), failure);
        envs.put(name, env);
        // MWAA puts the environment's VPC endpoints (network interfaces) in its subnets.
        resources.holdSubnets(env.arn, settings.subnetIds(), Instant.MAX);
        ObjectNode out = NODES.objectNode();
        out.put("Arn", env.arn);
        return out;
    }

    /** {@code GET /environments/{Name}}. */
    public synchronized ObjectNode getEnvironment(MwaaScope scope, String name) {
        MwaaEnvironment env = existing(scope, name);
        ObjectNode out = NODES.objectNode();
        out.set("Environment", EnvironmentJson.render(env));
        return out;
    }

    /** {@code GET /environments?MaxResults=&NextToken=}: names in alphabetical order, page by page. */
    public synchronized ObjectNode listEnvironments(MwaaScope scope, String maxResults, String nextToken) {
        int max = DEFAULT_MAX_RESULTS;
        if (maxResults != null) {
            try {
                max = Integer.parseInt(maxResults.trim());
            } catch (NumberFormatException e) {
                throw new MwaaException(MwaaException.Type.SERIALIZATION,
                        "MaxResults must be an integer, not '" + maxResults + "'");
            }
            ConstraintViolations v = new ConstraintViolations();
            v.checkRange(max, "maxResults", 1, 25);
            v.throwIfAny();
        }
        NavigableMap<String, MwaaEnvironment> envs = environments(scope);
        advanceAll(envs);
        Map<String, MwaaEnvironment> page = nextToken == null || nextToken.isEmpty()
                ? envs : envs.tailMap(decodeToken(nextToken), false);
        ObjectNode out = NODES.objectNode();
        var names = out.putArray("Environments");
        String last = null;
        for (String n : page.keySet()) {
            if (names.size() == max) {
                out.put("NextToken", encodeToken(last));
                break;
            }
            names.add(n);
            last = n;
        }
        return out;
    }

    /** {@code PATCH /environments/{Name}}: only an AVAILABLE (or UPDATE_FAILED) environment can change. */
    public synchronized ObjectNode updateEnvironment(MwaaScope scope, CloudResources resources, String name,
            JsonNode body) {
        EnvironmentInput in = EnvironmentRequestReader.read(EnvironmentRequestReader.Operation.UPDATE, name, body);
        MwaaEnvironment env = existing(scope, name);
        if (!UPDATABLE.contains(env.status())) {
            throw MwaaException.validation("Environment " + name + " is " + env.status()
                    + ": it can be updated only when AVAILABLE or UPDATE_FAILED.");
        }
        EnvironmentSettings current = env.settings();
        EnvironmentSettings updated = EnvironmentRules.forUpdate(current, in, options);
        if (in.executionRoleArn != null) {
            ReferenceChecks.checkRole(resources, updated.executionRoleArn());
        }
        if (in.sourceBucketArn != null) {
            ReferenceChecks.checkBucket(resources, updated.sourceBucketArn(), scope.region());
        }
        if (in.securityGroupIds != null) {
            String vpcId = ReferenceChecks.vpcOf(resources, current.subnetIds());
            ReferenceChecks.checkSecurityGroups(resources, updated.securityGroupIds(), vpcId);
        }
        LastUpdate.Failure failure = faults.updateFailure(name).orElse(null);
        if (failure == null && in.securityGroupIds != null
                && !ReferenceChecks.allowsTrafficWithinEnvironment(resources, updated.securityGroupIds())) {
            failure = ReferenceChecks.NETWORK_BLOCKS_ENVIRONMENT;
        }
        env.startUpdate(updated, clock.get(), options.updateDuration(), in.workerReplacementStrategy, failure);
        ObjectNode out = NODES.objectNode();
        out.put("Arn", env.arn);
        return out;
    }

    /** {@code DELETE /environments/{Name}}: starts DELETING; the environment is gone when it ends. */
    public synchronized ObjectNode deleteEnvironment(MwaaScope scope, CloudResources resources, String name) {
        MwaaEnvironment env = existing(scope, name);
        if (!DELETABLE.contains(env.status())) {
            throw MwaaException.validation("Environment " + name + " with " + env.status()
                    + " status cannot be deleted. Wait until it is AVAILABLE or has failed, then delete it.");
        }
        env.startDelete(clock.get(), options.deleteDuration());
        // Its network interfaces go with it, or a while after it when a delay was planted.
        resources.holdSubnets(env.arn, env.settings().subnetIds(), clock.get().plus(options.deleteDuration())
                .plus(faults.networkInterfacesLinger(name).orElse(Duration.ZERO)));
        return NODES.objectNode();
    }

    /** {@code POST /tags/{ResourceArn}}: adds or replaces tags. */
    public synchronized ObjectNode tagResource(MwaaScope scope, String resourceArn, JsonNode body) {
        checkArn(resourceArn);
        JsonNode tagsNode = body == null ? null : body.get("Tags");
        ConstraintViolations v = new ConstraintViolations();
        if (tagsNode == null || tagsNode.isNull()) {
            v.requireNonNull(null, "tags");
            v.throwIfAny();
        } else if (!tagsNode.isObject()) {
            throw new MwaaException(MwaaException.Type.SERIALIZATION, "Tags must be a JSON object of strings");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("Tags")) {
                throw MwaaException.validation("'" + field + "' is not a member of TagResourceInput;"
                        + " the local cloud refuses members it does not know rather than ignore them.");
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tagsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new MwaaException(MwaaException.Type.SERIALIZATION, "Tags must be a JSON object of strings");
            }
            tags.put(e.getKey(), e.getValue().textValue());
        }
        EnvironmentRequestReader.checkTags(v, tags, "tags");
        v.throwIfAny();
        MwaaEnvironment env = byArn(scope, resourceArn);
        Map<String, String> merged = new LinkedHashMap<>(env.tags());
        merged.putAll(tags);
        if (merged.size() > MAX_TAGS) {
            throw MwaaException.validation("An environment can have at most " + MAX_TAGS + " tags; this request"
                    + " would give " + env.name + " " + merged.size() + ". Remove tags with UntagResource first.");
        }
        env.tags().putAll(tags);
        return NODES.objectNode();
    }

    /** {@code DELETE /tags/{ResourceArn}?tagKeys=...}: removes tags; keys that are absent are ignored. */
    public synchronized ObjectNode untagResource(MwaaScope scope, String resourceArn, List<String> tagKeys) {
        checkArn(resourceArn);
        ConstraintViolations v = new ConstraintViolations();
        v.requireNonNull(tagKeys, "tagKeys");
        if (tagKeys != null) {
            v.checkSize(tagKeys.size(), tagKeys.toString(), "tagKeys", 0, 50);
            for (String key : tagKeys) {
                v.checkString(key, "tagKeys.member", 1, 128, EnvironmentRequestReader.TAG_KEY, false);
            }
        }
        v.throwIfAny();
        MwaaEnvironment env = byArn(scope, resourceArn);
        tagKeys.forEach(env.tags()::remove);
        return NODES.objectNode();
    }

    /** {@code GET /tags/{ResourceArn}}. */
    public synchronized ObjectNode listTagsForResource(MwaaScope scope, String resourceArn) {
        checkArn(resourceArn);
        MwaaEnvironment env = byArn(scope, resourceArn);
        ObjectNode out = NODES.objectNode();
        out.set("Tags", EnvironmentJson.tags(env.tags()));
        return out;
    }

    /** The environments of every account and Region, with their status, for the local inventory. */
    public synchronized ObjectNode inventory() {
        ObjectNode out = NODES.objectNode();
        var list = out.putArray("environments");
        environments.forEach((scope, envs) -> {
            advanceAll(envs);
            envs.values().forEach(env -> list.addObject().put("name", env.name).put("region", scope.region())
                    .put("status", env.status().name()).put("arn", env.arn));
        });
        return out;
    }

    // --- helpers ---

    private NavigableMap<String, MwaaEnvironment> environments(MwaaScope scope) {
        return environments.computeIfAbsent(scope, s -> new TreeMap<>());
    }

    private void advanceAll(NavigableMap<String, MwaaEnvironment> envs) {
        Instant now = clock.get();
        envs.values().removeIf(env -> !env.advance(now));
    }

    /** The environment of that name after applying due transitions; 404 when there is none. */
    private MwaaEnvironment existing(MwaaScope scope, String name) {
        ConstraintViolations v = new ConstraintViolations();
        v.requireNonNull(name, "name");
        v.checkString(name, "name", 1, 80, EnvironmentRequestReader.ENVIRONMENT_NAME, false);
        v.throwIfAny();
        NavigableMap<String, MwaaEnvironment> envs = environments(scope);
        MwaaEnvironment env = envs.get(name);
        if (env != null && !env.advance(clock.get())) {
            envs.remove(name);
            env = null;
        }
        if (env == null) {
            throw MwaaException.notFound("Environment " + name + " was not found in " + scope.region() + ".");
        }
        return env;
    }

    private static void checkArn(String resourceArn) {
        ConstraintViolations v = new ConstraintViolations();
        v.requireNonNull(resourceArn, "resourceArn");
        v.checkString(resourceArn, "resourceArn", 1, 1224, ENVIRONMENT_ARN, false);
        v.throwIfAny();
    }

    private MwaaEnvironment byArn(MwaaScope scope, String resourceArn) {
        Matcher m = ARN_PARTS.matcher(resourceArn);
        MwaaException notFound = MwaaException.notFound("No environment has the ARN " + resourceArn + ".");
        if (!m.matches() || !m.group(1).equals(scope.partition()) || !m.group(2).equals(scope.region())
                || !m.group(3).equals(scope.account())) {
            throw notFound;
        }
        try {
            return existing(scope, m.group(4));
        } catch (MwaaException e) {
            throw notFound;
        }
    }

    private static MwaaEnvironment.Identity identity(MwaaScope scope, String name, String serviceRoleArn) {
        String queueId = UUID.randomUUID().toString();
        String host = UUID.randomUUID() + ".c" + ThreadLocalRandom.current().nextInt(1, 10) + "."
                + scope.region() + ".airflow." + scope.dnsSuffix();
        String vpce = "com.amazonaws.vpce." + scope.region() + ".vpce-svc-";
        return new MwaaEnvironment.Identity(name, scope.environmentArn(name), scope.region(), scope.account(),
                scope.partition(), serviceRoleArn,
                "arn:" + scope.partition() + ":sqs:" + scope.region() + ":" + scope.account() + ":airflow-celery-"
                        + queueId,
                host, vpce + hex17(), vpce + hex17());
    }

    private static String hex17() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            b.append(Integer.toHexString(ThreadLocalRandom.current().nextInt(16)));
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    private static String encodeToken(String lastName) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("after:" + lastName).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("after:") && decoded.length() > "after:".length()) {
                return decoded.substring("after:".length());
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw MwaaException.validation("The NextToken '" + token + "' is not valid: pass the NextToken of the"
                + " previous ListEnvironments response unchanged.");
    }
}
