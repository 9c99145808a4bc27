package dev.mwaaprovisioner.functions.environment;

import dev.mwaaprovisioner.common.documents.NetworkTemplate;
import dev.mwaaprovisioner.common.request.LoggingConfiguration;
import dev.mwaaprovisioner.common.request.ModuleLogging;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.mwaa.model.ModuleLoggingConfiguration;
import software.amazon.awssdk.services.mwaa.model.UpdateEnvironmentRequest;
import software.amazon.awssdk.services.mwaa.model.UpdateNetworkConfigurationInput;

/**
 * What a request changes on an existing environment, field by field, from GetEnvironment: the
 * members UpdateEnvironment must send (only those that differ), the tags to put and to remove
 * (UpdateEnvironment has no Tags), a line per change for people, and what cannot change in place.
 *
 * <p>Both the planning step and the update step compute it from the environment as it is, so an
 * update re-run after a failure sends only what is still different.
 */
final class EnvironmentChanges {

    /** Tag keys AWS reserves; never the request's, never removed. */
    private static final String AWS_TAG_PREFIX = "aws:";
    /** The provisioner's own tag keys ({@link NetworkTemplate#ENVIRONMENT_TAG_KEY}). */
    private static final String PROVISIONER_TAG_PREFIX = "mwaa-provisioner:";

    private final List<String> changed = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final UpdateEnvironmentRequest.Builder update;
    private boolean updatesEnvironment;
    private final Map<String, String> tagsToPut = new LinkedHashMap<>();
    private final List<String> tagsToRemove = new ArrayList<>();

    private EnvironmentChanges(String name) {
        this.update = UpdateEnvironmentRequest.builder().name(name);
    }

    /**
     * @param request the normalized request
     * @param environment the environment as GetEnvironment returns it
     * @param executionRoleArn the role the environment should run as (the one the provisioner
     *                         creates, or the request's ExecutionRoleArn)
     * @param securityGroupIds the request's security groups of an existing network; null when the
     *                         provisioner's network stack owns the group
     */
    static EnvironmentChanges compare(ProvisioningRequest request, Environment environment, String executionRoleArn,
            List<String> securityGroupIds) {
        EnvironmentChanges c = new EnvironmentChanges(request.name());
        c.executionRole(request, environment.executionRoleArn(), executionRoleArn);
        c.immutable("KmsKey", keyId(environment.kmsKey()), keyId(request.kmsKey()),
                v -> v == null ? "the AWS owned key" : v,
                "an environment's key cannot change after creation");
        c.immutable("EndpointManagement", environment.endpointManagementAsString(),
                request.endpointManagement() == null ? null : request.endpointManagement().wireName(),
                v -> v == null ? "SERVICE" : v, "the VPC endpoint management of an environment is set at creation");
        c.airflowVersion(environment.airflowVersion(), request.airflowVersion());

        c.field("SourceBucketArn", environment.sourceBucketArn(), request.sourceBucketArn(), c.update::sourceBucketArn);
        c.field("DagS3Path", environment.dagS3Path(), request.dagS3Path(), c.update::dagS3Path);
        c.field("EnvironmentClass", environment.environmentClass(), request.environmentClass(), c.update::environmentClass);
        c.field("MinWorkers", environment.minWorkers(), request.minWorkers(), c.update::minWorkers);
        c.field("MaxWorkers", environment.maxWorkers(), request.maxWorkers(), c.update::maxWorkers);
        c.field("Schedulers", environment.schedulers(), request.schedulers(), c.update::schedulers);
        c.field("MinWebservers", environment.minWebservers(), request.minWebservers(), c.update::minWebservers);
        c.field("MaxWebservers", environment.maxWebservers(), request.maxWebservers(), c.update::maxWebservers);
        c.field("WebserverAccessMode", environment.webserverAccessModeAsString(),
                request.webserverAccessMode() == null ? null : request.webserverAccessMode().wireName(),
                c.update::webserverAccessMode);
        // Left out of a request, MWAA chooses the window: whatever it chose is not a change.
        if (request.weeklyMaintenanceWindowStart() != null) {
            c.field("WeeklyMaintenanceWindowStart", environment.weeklyMaintenanceWindowStart(),
                    request.weeklyMaintenanceWindowStart(), c.update::weeklyMaintenanceWindowStart);
        }
        c.s3Object("Requirements", environment.requirementsS3Path(), environment.requirementsS3ObjectVersion(),
                request.requirementsS3Path(), request.requirementsS3ObjectVersion(),
                c.update::requirementsS3Path, c.update::requirementsS3ObjectVersion);
        c.s3Object("Plugins", environment.pluginsS3Path(), environment.pluginsS3ObjectVersion(),
                request.pluginsS3Path(), request.pluginsS3ObjectVersion(),
                c.update::pluginsS3Path, c.update::pluginsS3ObjectVersion);
        c.s3Object("StartupScript", environment.startupScriptS3Path(), environment.startupScriptS3ObjectVersion(),
                request.startupScriptS3Path(), request.startupScriptS3ObjectVersion(),
                c.update::startupScriptS3Path, c.update::startupScriptS3ObjectVersion);
        c.configurationOptions(environment.airflowConfigurationOptions(), request.airflowConfigurationOptions());
        c.logging(environment.loggingConfiguration(), request.loggingConfiguration());
        if (securityGroupIds != null) {
            List<String> current = environment.networkConfiguration() == null ? List.of()
                    : environment.networkConfiguration().securityGroupIds();
            if (!new HashSet<>(current).equals(new HashSet<>(securityGroupIds))) {
                c.changed.add("Network.SecurityGroupIds: " + current + " -> " + securityGroupIds);
                c.update.networkConfiguration(UpdateNetworkConfigurationInput.builder()
                        .securityGroupIds(securityGroupIds).build());
                c.updatesEnvironment = true;
            }
        }
        c.tags(environment.tags(), request.tags());
        // An environment created before it carried the provisioner's tag gets it with its next
        // update; alone, a missing tag does not make a run an update.
        Map<String, String> current = environment.tags() == null ? Map.of() : environment.tags();
        if (!c.changed.isEmpty() && !request.name().equals(current.get(NetworkTemplate.ENVIRONMENT_TAG_KEY))) {
            c.tagsToPut.put(NetworkTemplate.ENVIRONMENT_TAG_KEY, request.name());
        }
        return c;
    }

    /** One line per change, {@code Field: old -> new}; configuration option values are never shown. */
    List<String> changed() {
        return List.copyOf(changed);
    }

    /** One {@code Path: message} line per field that cannot change in place. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    /** True when UpdateEnvironment has something to send (tags alone do not need it). */
    boolean updatesEnvironment() {
        return updatesEnvironment;
    }

    /** UpdateEnvironment with the members that differ, and only those. */
    UpdateEnvironmentRequest updateRequest() {
        return update.build();
    }

    Map<String, String> tagsToPut() {
        return Map.copyOf(tagsToPut);
    }

    List<String> tagsToRemove() {
        return List.copyOf(tagsToRemove);
    }

    // ------------------------------------------------------------------------------------------

    private <T> void field(String name, T current, T wanted, java.util.function.Consumer<T> set) {
        if (wanted != null && !Objects.equals(current, wanted)) {
            changed.add(name + ": " + current + " -> " + wanted);
            set.accept(wanted);
            updatesEnvironment = true;
        }
    }

    private void immutable(String name, String current, String wanted, Function<String, String> shown, String why) {
        if (!Objects.equals(current, wanted)) {
            refused.add(name + ": is " + shown.apply(current) + ", the request says " + shown.apply(wanted) + "; " + why
                    + ". Keep " + shown.apply(current) + " in the request, or delete the request (which removes the "
                    + "environment) and upload the changed one as a new request.");
        }
    }

    /**
     * The provisioner's role and a role the request brings are not interchangeable in place
     * (the provisioner would then own, or stop owning, a role); one brought role for another is
     * an ordinary update.
     */
    private void executionRole(ProvisioningRequest request, String current, String wanted) {
        if (Objects.equals(current, wanted)) {
            return;
        }
        String createdRole = "role/" + dev.mwaaprovisioner.common.documents.DerivedNames.executionRoleName(request.name());
        boolean currentIsCreated = current != null && current.endsWith(":" + createdRole);
        if (request.createsExecutionRole() || currentIsCreated) {
            refused.add("ExecutionRoleArn: the environment runs as " + current + ", the request "
                    + (request.createsExecutionRole() ? "leaves ExecutionRoleArn out (the provisioner's own role " + wanted
                            + ")" : "says " + wanted)
                    + "; switching between the provisioner's role and a role you bring is not done in place. Keep "
                    + (currentIsCreated ? "ExecutionRoleArn out of" : "ExecutionRoleArn " + current + " in")
                    + " the request, or delete the request (which removes the environment) and upload the changed one "
                    + "as a new request.");
            return;
        }
        changed.add("ExecutionRoleArn: " + current + " -> " + wanted);
        update.executionRoleArn(wanted);
        updatesEnvironment = true;
    }

    /**
     * MWAA changes the version in place within a major version (up or down), and across major
     * versions only between the last 2.x (2.11) and 3.x; anything else needs a new environment.
     */
    private void airflowVersion(String current, String wanted) {
        if (wanted == null || Objects.equals(current, wanted)) {
            return;
        }
        if (!AirflowVersions.changeableInPlace(current, wanted)) {
            refused.add("AirflowVersion: is " + current + ", the request says " + wanted + "; MWAA changes the major "
                    + "version in place only between 2.11 and 3.x. Upgrade to 2.11.0 first, or delete the request (which "
                    + "removes the environment) and upload the changed one as a new request.");
            return;
        }
        changed.add("AirflowVersion: " + current + " -> " + wanted);
        update.airflowVersion(wanted);
        updatesEnvironment = true;
    }

    /**
     * A path and its object version. UpdateEnvironment can set both but cannot clear either, so a
     * request that drops one the environment has is refused with what to do instead.
     */
    private void s3Object(String what, String currentPath, String currentVersion, String wantedPath,
            String wantedVersion, java.util.function.Consumer<String> setPath, java.util.function.Consumer<String> setVersion) {
        String pathKey = what + "S3Path";
        String versionKey = what + "S3ObjectVersion";
        if (wantedPath == null && currentPath != null) {
            refused.add(pathKey + ": is " + currentPath + ", the request leaves it out; MWAA cannot remove it from an "
                    + "environment. Keep it (point it at an empty file to use none), or delete the request (which removes "
                    + "the environment) and upload the changed one as a new request.");
            return;
        }
        if (wantedVersion == null && currentVersion != null) {
            refused.add(versionKey + ": is " + currentVersion + ", the request leaves it out; MWAA cannot go back from "
                    + "a pinned version to the latest one. Give the version to use (aws s3api list-object-versions shows it).");
            return;
        }
        field(pathKey, currentPath, wantedPath, setPath);
        field(versionKey, currentVersion, wantedVersion, setVersion);
    }

    /** Options are compared whole; only their names are shown, their values are secrets. */
    private void configurationOptions(Map<String, String> current, Map<String, String> wanted) {
        Map<String, String> now = current == null ? Map.of() : current;
        Map<String, String> want = wanted == null ? Map.of() : wanted;
        if (now.equals(want)) {
            return;
        }
        TreeSet<String> added = new TreeSet<>(want.keySet());
        added.removeAll(now.keySet());
        TreeSet<String> removed = new TreeSet<>(now.keySet());
        removed.removeAll(want.keySet());
        TreeSet<String> modified = new TreeSet<>();
        want.forEach((k, v) -> {
            if (now.containsKey(k) && !now.get(k).equals(v)) {
                modified.add(k);
            }
        });
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("added " + String.join(", ", added));
        }
        if (!modified.isEmpty()) {
            parts.add("changed " + String.join(", ", modified));
        }
        if (!removed.isEmpty()) {
            parts.add("removed " + String.join(", ", removed));
        }
        changed.add("AirflowConfigurationOptions: " + String.join("; ", parts) + " (values not shown)");
        update.airflowConfigurationOptions(want);
        updatesEnvironment = true;
    }

    private void logging(software.amazon.awssdk.services.mwaa.model.LoggingConfiguration current, LoggingConfiguration wanted) {
        if (wanted == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        module("DagProcessingLogs", current == null ? null : current.dagProcessingLogs(), wanted.dagProcessingLogs(), lines);
        module("SchedulerLogs", current == null ? null : current.schedulerLogs(), wanted.schedulerLogs(), lines);
        module("WebserverLogs", current == null ? null : current.webserverLogs(), wanted.webserverLogs(), lines);
        module("WorkerLogs", current == null ? null : current.workerLogs(), wanted.workerLogs(), lines);
        module("TaskLogs", current == null ? null : current.taskLogs(), wanted.taskLogs(), lines);
        if (!lines.isEmpty()) {
            changed.addAll(lines);
            // Every module is sent, so the result does not depend on what MWAA keeps of omitted ones.
            update.loggingConfiguration(CreateEnvironmentHandler.logging(wanted));
            updatesEnvironment = true;
        }
    }

    private static void module(String name, ModuleLoggingConfiguration current, ModuleLogging wanted, List<String> lines) {
        if (wanted == null) {
            return;
        }
        String now = current == null ? null : current.enabled() + "/" + current.logLevelAsString();
        String want = wanted.enabled() + "/" + (wanted.logLevel() == null ? null : wanted.logLevel().wireName());
        if (!want.equals(now)) {
            lines.add("LoggingConfiguration." + name + ": " + now + " -> " + want + " (Enabled/LogLevel)");
        }
    }

    private void tags(Map<String, String> current, Map<String, String> wanted) {
        Map<String, String> now = new LinkedHashMap<>();
        if (current != null) {
            current.forEach((k, v) -> {
                // AWS's and the provisioner's own tags are not the request's: never compared, never removed.
                if (!k.startsWith(AWS_TAG_PREFIX) && !k.startsWith(PROVISIONER_TAG_PREFIX)) {
                    now.put(k, v);
                }
            });
        }
        Map<String, String> want = wanted == null ? Map.of() : wanted;
        want.forEach((k, v) -> {
            if (!v.equals(now.get(k))) {
                tagsToPut.put(k, v);
                changed.add("Tags[\"" + k + "\"]: " + now.get(k) + " -> " + v);
            }
        });
        new TreeSet<>(now.keySet()).forEach(k -> {
            if (!want.containsKey(k)) {
                tagsToRemove.add(k);
                changed.add("Tags[\"" + k + "\"]: " + now.get(k) + " -> (removed)");
            }
        });
    }

    /** The key ID of a key ID or key ARN, so both forms compare equal; null stays null. */
    static String keyId(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        int slash = key.lastIndexOf("key/");
        return slash >= 0 ? key.substring(slash + 4) : key;
    }
}
