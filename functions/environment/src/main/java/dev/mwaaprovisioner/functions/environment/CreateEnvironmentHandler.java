package dev.mwaaprovisioner.functions.environment;

import dev.mwaaprovisioner.common.documents.NetworkTemplate;

import java.util.LinkedHashMap;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.documents.NetworkTemplate;
import dev.mwaaprovisioner.common.request.LoggingConfiguration;
import dev.mwaaprovisioner.common.request.ModuleLogging;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.EnvironmentState;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.PollingSchedule;
import dev.mwaaprovisioner.common.workflow.ProgressStatus;
import dev.mwaaprovisioner.common.workflow.RequestObjects;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.mwaa.model.CreateEnvironmentRequest;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.mwaa.model.LoggingConfigurationInput;
import software.amazon.awssdk.services.mwaa.model.ModuleLoggingConfigurationInput;
import software.amazon.awssdk.services.mwaa.model.NetworkConfiguration;
import software.amazon.awssdk.services.mwaa.model.ValidationException;

/**
 * Step "CreateEnvironment": finds the environment {@code Name} or creates it with every field of
 * the request, in the network of {@code $.Network} and with the role of {@code $.ExecutionRole}.
 *
 * <p>IAM is eventually consistent: right after the role is created, MWAA may answer
 * ValidationException "role ... is not assumable". That answer becomes
 * {@link ExecutionRoleNotAssumableYetException}; likewise, MWAA's dry run can find the role
 * without the policy just written and refuse with a permissions ValidationException (S3, logs),
 * which becomes {@link ExecutionRolePermissionsNotYetEffectiveException}. The state machine retries
 * both with back-off
 * (a Retry rather than a sleep here: the wait costs no Lambda time, shows in the execution
 * history, and runs on the local cloud's accelerated clock in tests). Any other refusal is
 * {@link EnvironmentCreationFailedException} with MWAA's message.
 *
 * <p>Input {@code {"Request", "Source", "ExecutionRoleArn", "SubnetIds", "SecurityGroupIds", "Now"}};
 * output the {@link EnvironmentState} ({@code $.Environment}). Configuration option values are
 * sensitive: the state document carries their digests only; they are read from the request
 * object's version named by {@code Source} ({@link RequestObjects}), sent to MWAA and never logged.
 */
public final class CreateEnvironmentHandler extends WorkflowStep<CreateEnvironmentHandler.Input, EnvironmentState> {

    public static final String FUNCTION = "CreateEnvironmentFunction";

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Request") ProvisioningRequest request,
                        @JsonProperty("Source") RequestSource source,
                        @Required @JsonProperty("ExecutionRoleArn") String executionRoleArn,
                        @Required @JsonProperty("SubnetIds") List<String> subnetIds,
                        @Required @JsonProperty("SecurityGroupIds") List<String> securityGroupIds,
                        @Required @JsonProperty("Now") String now) {
    }

    private final MwaaClient mwaa;
    private final S3Client s3;
    private final Environments environments;
    private final ProgressStatus progress;

    /** Lambda's entry: clients built once per container from the process environment. */
    public CreateEnvironmentHandler() {
        this(FromProcessEnvironment.MWAA, FromProcessEnvironment.S3,
                ProgressStatus.of(FromProcessEnvironment.CLIENTS, FromProcessEnvironment.S3));
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials). */
    public CreateEnvironmentHandler(Map<String, String> environment) {
        this(new FunctionClients(FUNCTION, environment));
    }

    private CreateEnvironmentHandler(FunctionClients clients) {
        this(clients, Environments.s3(clients));
    }

    private CreateEnvironmentHandler(FunctionClients clients, S3Client s3) {
        this(Environments.client(clients), s3, ProgressStatus.of(clients, s3));
    }

    /** A handler for requests without Airflow configuration options (it reads no request object). */
    public CreateEnvironmentHandler(MwaaClient mwaa) {
        this(mwaa, null);
    }

    public CreateEnvironmentHandler(MwaaClient mwaa, S3Client s3) {
        this(mwaa, s3, new ProgressStatus(null, null));
    }

    public CreateEnvironmentHandler(MwaaClient mwaa, S3Client s3, ProgressStatus progress) {
        super(FUNCTION, Input.class);
        this.mwaa = mwaa;
        this.s3 = s3;
        this.environments = new Environments(mwaa);
        this.progress = progress;
    }

    private static final class FromProcessEnvironment {
        static final FunctionClients CLIENTS = new FunctionClients(FUNCTION, System.getenv());
        static final MwaaClient MWAA = Environments.client(CLIENTS);
        static final S3Client S3 = Environments.s3(CLIENTS);
    }

    /**
     * The priming: returns the handler's output on the sample event.
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("input.json", List.of(
                SnapStartPriming.answer(404, "priming/not-found.json", "Content-Type", "application/json", "x-amzn-ErrorType", "ResourceNotFoundException"),
                SnapStartPriming.answer(200, "priming/create-environment.json", "Content-Type", "application/json")));
    }

    @Override
    public EnvironmentState handle(Input input) {
        EnvironmentState state = apply(input);
        progress.waitingFor(state, Instant.parse(input.now()));
        return state;
    }

    private EnvironmentState apply(Input input) {
        ProvisioningRequest request = input.request();
        Instant now = Instant.parse(input.now());
        Optional<Environment> existing = environments.find(request.name());
        if (existing.isPresent()) {
            Environment environment = existing.get();
            Instant created = environment.createdAt() == null ? now : environment.createdAt();
            return environments.state(environment, false, created, now);
        }
        // The option values, from the request object's version this execution validated: never from the state.
        ProvisioningRequest withValues = RequestObjects.withOptionValues(s3, input.source(), request);
        CreateEnvironmentRequest create = createRequest(input, withValues);
        String arn;
        try {
            arn = AwsCalls.call("CreateEnvironment " + request.name(), () -> mwaa.createEnvironment(create).arn());
        } catch (ValidationException e) {
            String message = RequestObjects.withoutOptionValues(String.valueOf(e.awsErrorDetails().errorMessage()), withValues);
            // MWAA's own exception may quote an option value: it is not kept as the cause when there are options.
            Throwable cause = withValues.hasOptions() ? null : e;
            if (isRoleNotAssumableYet(message)) {
                throw new ExecutionRoleNotAssumableYetException("MWAA cannot assume " + input.executionRoleArn()
                        + " yet (" + message + "); IAM changes take a few seconds to reach MWAA.", cause);
            }
            if (isPermissionNotEffectiveYet(message)) {
                throw new ExecutionRolePermissionsNotYetEffectiveException("MWAA says the execution role "
                        + input.executionRoleArn() + " lacks a permission (" + message + "). Right after its policy "
                        + "is written that is IAM propagating, and CreateEnvironment is retried; if this persists, "
                        + "add the permission to the role's policy.", e);
            }
            throw new EnvironmentCreationFailedException("MWAA refused to create environment " + request.name()
                    + ": " + message, cause);
        }
        return new EnvironmentState(request.name(), arn, "CREATING", null, true, now.toString(),
                PollingSchedule.ENVIRONMENT.nextCheckSeconds(Duration.ZERO));
    }

    /**
     * MWAA's permission-shaped refusals of the execution role ("does not have sufficient permissions
     * for s3 location ...", "... is not authorized to perform: logs:CreateLogGroup", "Unable to check
     * PublicAccessBlock configuration"), which IAM propagation also causes for a while.
     */
    static boolean isPermissionNotEffectiveYet(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("sufficient permission") || text.contains("not authorized to perform")
                || text.contains("does not have permission") || text.contains("unable to check publicaccessblock");
    }

    /** MWAA's wording varies ("not assumable by", "cannot be assumed", "unable to assume"). */
    static boolean isRoleNotAssumableYet(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("role") && (text.contains("assumable") || text.contains("be assumed")
                || text.contains("unable to assume") || text.contains("could not assume"));
    }

    /** Every request field, in the API's names; optional ones only when given (never an empty Tags map). */
    static CreateEnvironmentRequest createRequest(Input input) {
        return createRequest(input, input.request());
    }

    /** The request {@code r} (with its option values) and the input's role and network, as CreateEnvironment's body. */
    static CreateEnvironmentRequest createRequest(Input input, ProvisioningRequest r) {
        CreateEnvironmentRequest.Builder b = CreateEnvironmentRequest.builder()
                .name(r.name())
                .executionRoleArn(input.executionRoleArn())
                .sourceBucketArn(r.sourceBucketArn())
                .dagS3Path(r.dagS3Path())
                .networkConfiguration(NetworkConfiguration.builder()
                        .subnetIds(input.subnetIds())
                        .securityGroupIds(input.securityGroupIds())
                        .build())
                .airflowVersion(r.airflowVersion())
                .environmentClass(r.environmentClass())
                .minWorkers(r.minWorkers())
                .maxWorkers(r.maxWorkers())
                .schedulers(r.schedulers())
                .minWebservers(r.minWebservers())
                .maxWebservers(r.maxWebservers())
                .webserverAccessMode(r.webserverAccessMode() == null ? null : r.webserverAccessMode().wireName())
                .endpointManagement(r.endpointManagement() == null ? null : r.endpointManagement().wireName())
                .loggingConfiguration(logging(r.loggingConfiguration()))
                .requirementsS3Path(r.requirementsS3Path())
                .requirementsS3ObjectVersion(r.requirementsS3ObjectVersion())
                .pluginsS3Path(r.pluginsS3Path())
                .pluginsS3ObjectVersion(r.pluginsS3ObjectVersion())
                .startupScriptS3Path(r.startupScriptS3Path())
                .startupScriptS3ObjectVersion(r.startupScriptS3ObjectVersion())
                .weeklyMaintenanceWindowStart(r.weeklyMaintenanceWindowStart())
                .kmsKey(r.kmsKey());
        if (r.airflowConfigurationOptions() != null && !r.airflowConfigurationOptions().isEmpty()) {
            b.airflowConfigurationOptions(r.airflowConfigurationOptions());
        }
        // The environment carries its Name under the provisioner's own tag, as its stack and role do.
        Map<String, String> tags = new LinkedHashMap<>();
        if (r.tags() != null) {
            tags.putAll(r.tags());
        }
        tags.put(NetworkTemplate.ENVIRONMENT_TAG_KEY, r.name());
        b.tags(tags);
        return b.build();
    }

    static LoggingConfigurationInput logging(LoggingConfiguration logging) {
        if (logging == null) {
            return null;
        }
        return LoggingConfigurationInput.builder()
                .dagProcessingLogs(module(logging.dagProcessingLogs()))
                .schedulerLogs(module(logging.schedulerLogs()))
                .webserverLogs(module(logging.webserverLogs()))
                .workerLogs(module(logging.workerLogs()))
                .taskLogs(module(logging.taskLogs()))
                .build();
    }

    private static ModuleLoggingConfigurationInput module(ModuleLogging module) {
        if (module == null) {
            return null;
        }
        return ModuleLoggingConfigurationInput.builder()
                .enabled(module.enabled())
                .logLevel(module.logLevel() == null ? null : module.logLevel().wireName())
                .build();
    }
}
