package dev.mwaaprovisioner.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.aws.AwsClientFactory;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.local.asl.AslInterpreter;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionRequest;
import dev.mwaaprovisioner.local.asl.InvalidDefinitionException;
import dev.mwaaprovisioner.local.asl.StateMachineDefinition;
import dev.mwaaprovisioner.local.cloud.CloudClock;
import dev.mwaaprovisioner.local.cloud.FaultInjector;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.stepfunctions.DefinitionSubstitutions;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.cloud.stepfunctions.CloudAslClock;
import dev.mwaaprovisioner.local.functions.AwsTarget;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import dev.mwaaprovisioner.local.sam.SamApplication;
import dev.mwaaprovisioner.local.sam.SamTransform;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Provisioning against another endpoint (an emulator, a running {@code up}) or AWS itself,
 * without deploying the application there: the state machine of the checkout runs in the local
 * interpreter, the functions in-process in a local Lambda registry, and every AWS call the
 * functions make goes to the target. The request is put under {@code requests/} of the given
 * config bucket and handed to the workflow as a {@code Provision Environment} event naming it;
 * the status document goes to {@code status/} of the same bucket.
 */
public final class StandaloneProvisioning implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The functions' logical IDs are their names here, as in {@code sam local}. */
    private static final String LOCAL_INTERPRETER = "local-interpreter";

    private final AwsTarget target;
    private final String configBucket;
    private final String account;
    private final PrintWriter out;
    private final AwsClientFactory clients;
    private final CloudClock clock;
    private final LambdaFunctions lambda;
    private final AslInterpreter interpreter;
    private final StateMachineDefinition definition;

    private StandaloneProvisioning(AwsTarget target, String configBucket, String account, PrintWriter out,
                                   AwsClientFactory clients, CloudClock clock, LambdaFunctions lambda,
                                   StateMachineDefinition definition) {
        this.target = target;
        this.configBucket = configBucket;
        this.account = account;
        this.out = out;
        this.clients = clients;
        this.clock = clock;
        this.lambda = lambda;
        this.interpreter = new AslInterpreter(new CloudAslClock(clock), lambda);
        this.definition = definition;
    }

    /**
     * Binds the template's functions to the target and prepares the state machine.
     *
     * @param timeScale how fast Wait states and retries pass: 1 (real time) for AWS and for
     *     emulators whose own clock runs at real time
     */
    public static StandaloneProvisioning start(ProjectCheckout checkout, AwsTarget target, String configBucket,
                                               double timeScale, PrintWriter out) {
        SamApplication application = new SamTransform(checkout).transformCheckout();
        String account = StandaloneFunctions.account(target);
        CloudClock clock = new CloudClock(Instant.now().truncatedTo(ChronoUnit.MILLIS), timeScale);
        LambdaFunctions lambda = new LambdaFunctions(clock, new FaultInjector(), account, target.region());
        AwsClientFactory clients = new AwsClientFactory(target.variables());
        try {
            StandaloneFunctions functions = StandaloneFunctions.register(application, target, account, configBucket,
                    lambda);
            out.printf("Functions of %s run here; their AWS calls go to %s (account %s).%n", checkout.template(),
                    target.describe(), account);
            functions.reportUnset(out);
            return new StandaloneProvisioning(target, configBucket, account, out, clients, clock, lambda,
                    definition(application, functions.variables()));
        } catch (RuntimeException e) {
            lambda.close();
            clock.close();
            clients.close();
            throw e;
        }
    }

    /** The local Lambda the functions run in (for where their logs go). */
    public LambdaFunctions lambda() {
        return lambda;
    }

    /** The template's one state machine, its substitutions resolved to the local functions. */
    @SuppressWarnings("unchecked")
    private static StateMachineDefinition definition(SamApplication application, StacklessVariables variables) {
        Map<String, Object> resources = (Map<String, Object>) application.template().get("Resources");
        Map<String, Object> machine = null;
        for (Object resource : resources.values()) {
            Map<String, Object> r = (Map<String, Object>) resource;
            if ("AWS::StepFunctions::StateMachine".equals(r.get("Type"))) {
                if (machine != null) {
                    throw new IllegalStateException("template.yaml has more than one state machine; the local runner "
                            + "runs the one provisioning workflow.");
                }
                machine = (Map<String, Object>) r.get("Properties");
            }
        }
        if (machine == null) {
            throw new IllegalStateException("template.yaml has no state machine to run.");
        }
        Map<String, Object> substitutions = new LinkedHashMap<>();
        ((Map<String, Object>) machine.getOrDefault("DefinitionSubstitutions", Map.of())).forEach((key, value) ->
                substitutions.put(key, variables.value(value, "DefinitionSubstitutions." + key)));
        String text = DefinitionSubstitutions.apply((String) machine.get("DefinitionString"), substitutions);
        try {
            return StateMachineDefinition.parse(text);
        } catch (InvalidDefinitionException e) {
            throw new IllegalStateException("statemachine definition: " + e.getMessage(), e);
        }
    }

    /** Puts the request under requests/ of the config bucket and runs the workflow on it. */
    public Outcome provision(byte[] request, String key) throws InterruptedException {
        try (S3Client s3 = clients.create(S3Client.builder().forcePathStyle(target.endpointOverride().isPresent()),
                AwsService.S3)) {
            String version = s3.putObject(r -> r.bucket(configBucket).key(key), RequestBody.fromBytes(request))
                    .versionId();
            out.printf("Uploaded the request to s3://%s/%s%s%n", configBucket, key,
                    version == null ? "" : " (version " + version + ")");
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot put the request into s3://" + configBucket + "/" + key + " on "
                    + target.describe() + ": " + e.getMessage(), e);
        }
        String name = "local-" + UUID.randomUUID();
        String machineArn = arn("stateMachine:" + LOCAL_INTERPRETER);
        Execution execution = interpreter.start(definition, new ExecutionRequest(
                arn("execution:" + LOCAL_INTERPRETER + ":" + name), name, machineArn, LOCAL_INTERPRETER, null,
                provisionEvent(key)));
        return Outcome.follow(execution, out);
    }

    /** The custom event that names a request in the config bucket. */
    private JsonNode provisionEvent(String key) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Provision Environment");
        event.put("source", "mwaa-provisioner");
        event.put("account", account);
        event.put("time", clock.now().truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", target.region());
        event.putArray("resources");
        event.putObject("detail").put("RequestUri", "s3://" + configBucket + "/" + key);
        return event;
    }

    private String arn(String resource) {
        String partition = target.region().startsWith("cn-") ? "aws-cn"
                : target.region().startsWith("us-gov-") ? "aws-us-gov" : "aws";
        return "arn:" + partition + ":states:" + target.region() + ":" + account + ":" + resource;
    }

    @Override
    public void close() {
        interpreter.close();
        lambda.close();
        clock.close();
        clients.close();
    }
}
