package dev.mwaaprovisioner.common.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.aws.AwsRequestIds;
import dev.mwaaprovisioner.common.aws.PrimingHttpClient.CannedResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;

/**
 * What every Lambda handler of the workflow shares. Lambda calls {@link #handleRequest}, which
 * reads the step's input with {@link WorkflowJson}, runs {@link #handle} and writes its output:
 * a stream handler, so that the one configured {@link WorkflowJson#MAPPER} (not Lambda's own
 * serializer) maps every step's JSON.
 *
 * <p>SnapStart: a handler's no-argument constructor (the one Lambda uses) calls
 * {@link #primeBeforeSnapshot()}; before Lambda snapshots the initialised container,
 * {@link #beforeCheckpoint} runs {@link #prime()} — the handler on its sample event with canned
 * answers (see {@link SnapStartPriming}): nothing is sent, and the first invocation after a
 * restore finds its call path loaded. Clients hold no connection across a snapshot (the first
 * call opens one), so there is nothing to refresh after a restore.
 *
 * @param <I> the step's input as the state machine passes it
 * @param <O> the step's output
 */
public abstract class WorkflowStep<I, O> implements RequestStreamHandler, Resource {

    private final String function;
    private final Class<I> inputType;

    /**
     * @param function  the function's logical ID in template.yaml (its sample events and name)
     * @param inputType the class the input is read as
     */
    protected WorkflowStep(String function, Class<I> inputType) {
        this.function = function;
        this.inputType = inputType;
    }

    /** Lambda's constructors call this: the handler primes itself before a SnapStart snapshot. */
    protected final void primeBeforeSnapshot() {
        Core.getGlobalContext().register(this);
    }

    /** The step's work. */
    public abstract O handle(I input);

    /**
     * Runs the step and writes one {@link StepLog} line for its outcome. A task passes
     * {@code "Execution.$": "$$.Execution.Id"} for the line; the step's input type ignores that key
     * ({@link WorkflowJson} ignores unknown fields).
     */
    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) {
        long started = System.nanoTime();
        AwsRequestIds.begin();
        JsonNode tree = null;
        O result = null;
        Throwable error = null;
        try {
            tree = WorkflowJson.readTree(input);
            StepLog.begin(tree);
            result = handle(WorkflowJson.convert(tree, inputType));
            WorkflowJson.write(output, result);
        } catch (RuntimeException | Error e) {
            error = e;
            throw e;
        } finally {
            JsonNode resultTree = result == null ? null : WorkflowJson.MAPPER.valueToTree(result);
            StepLog.write(context, function, tree, resultTree, error, AwsRequestIds.end(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * The priming: runs the handler on a sample event with canned answers and returns its output.
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    public abstract String prime();

    /** Runs the handler on {@code events/<function>/<sampleEvent>} with the answers, in call order. */
    protected final String prime(String sampleEvent, List<CannedResponse> answers) {
        return prime(SnapStartPriming.sampleEvent(function, sampleEvent), answers);
    }

    /** Runs the handler on the event with the answers, in call order. */
    protected final String prime(byte[] event, List<CannedResponse> answers) {
        return SnapStartPriming.prime(function, event, (in, out) -> handleRequest(in, out, null), answers);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        SnapStartPriming.quietly(this::prime);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: clients hold no connection across a snapshot.
    }
}
