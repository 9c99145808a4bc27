package dev.mwaaprovisioner.local.runner;

import dev.mwaaprovisioner.common.aws.AwsClientFactory;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.functions.AwsTarget;
import dev.mwaaprovisioner.local.functions.FunctionSettings;
import dev.mwaaprovisioner.local.functions.InProcessFunction;
import dev.mwaaprovisioner.local.sam.SamApplication;
import dev.mwaaprovisioner.local.sam.SamFunction;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The functions of template.yaml bound to a target without a deployed stack (another endpoint, or
 * AWS): registered in a local Lambda registry under their logical IDs, as {@code sam local} names
 * them, with the variables that can be resolved without the stack ({@link StacklessVariables}).
 */
public final class StandaloneFunctions {

    private final String account;
    private final StacklessVariables variables;

    private StandaloneFunctions(String account, StacklessVariables variables) {
        this.account = account;
        this.variables = variables;
    }

    /** The account of the target's credentials (sts:GetCallerIdentity on the target). */
    public static String account(AwsTarget target) {
        try (AwsClientFactory clients = new AwsClientFactory(target.variables());
             StsClient sts = clients.create(StsClient.builder(), AwsService.STS)) {
            return sts.getCallerIdentity().account();
        } catch (SdkException e) {
            throw TargetUnreachableException.of(target, "sts:GetCallerIdentity", e);
        }
    }

    /**
     * Registers every function of the application in {@code lambda}.
     *
     * @param configBucket the config bucket on the target, or null when none is given (variables
     *     that refer to it are then left unset)
     */
    public static StandaloneFunctions register(SamApplication application, AwsTarget target, String account,
                                               String configBucket, LambdaFunctions lambda) {
        Map<String, String> known = new LinkedHashMap<>();
        if (configBucket != null) {
            known.put(configBucketLogicalId(application), configBucket);
        }
        for (SamFunction function : application.functions().values()) {
            known.put(function.logicalId(), lambda.arn(function.logicalId()));
            if (function.aliasLogicalId() != null) {
                // !Ref Fn.Alias is the alias ARN, as the state machine's DefinitionSubstitutions use it.
                known.put(function.aliasLogicalId(), lambda.arn(function.logicalId()) + ":" + function.aliasName());
            }
        }
        StacklessVariables variables = new StacklessVariables(application, target.region(), account, known);
        for (SamFunction function : application.functions().values()) {
            FunctionSettings settings = new FunctionSettings(function.logicalId(), null, function.handler(),
                    function.runtime(), function.memorySize(), null, variables.variables(function));
            lambda.register(function.logicalId(), new InProcessFunction(settings, target,
                    StandaloneFunctions.class.getClassLoader()), Duration.ofSeconds(function.timeout()),
                    function.memorySize());
            if (function.aliasName() != null) {
                lambda.addAlias(function.logicalId(), function.aliasName());
            }
        }
        return new StandaloneFunctions(account, variables);
    }

    public String account() {
        return account;
    }

    public StacklessVariables variables() {
        return variables;
    }

    /** Says which variables are unset and why. */
    public void reportUnset(PrintWriter out) {
        variables.unset().forEach((variable, resource) -> out.printf(
                "  %s is not set: it refers to %s, which exists only in a deployed stack.%n", variable, resource));
        out.flush();
    }

    /** The logical ID of the bucket the ConfigBucketName output refers to. */
    @SuppressWarnings("unchecked")
    static String configBucketLogicalId(SamApplication application) {
        Map<String, Object> outputs = (Map<String, Object>) application.template().getOrDefault("Outputs", Map.of());
        Object output = outputs.get(LocalApplication.CONFIG_BUCKET_OUTPUT);
        if (output instanceof Map<?, ?> o && o.get("Value") instanceof Map<?, ?> value
                && value.get("Ref") instanceof String id) {
            return id;
        }
        throw new IllegalStateException("template.yaml has no output " + LocalApplication.CONFIG_BUCKET_OUTPUT
                + " with the Ref of its config bucket.");
    }
}
