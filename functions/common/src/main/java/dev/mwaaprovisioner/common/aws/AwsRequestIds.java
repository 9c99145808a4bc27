package dev.mwaaprovisioner.common.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The AWS request ids of the calls one invocation made, for its log line: every client of
 * {@link AwsClientFactory} carries this interceptor, which notes the id AWS returned with each
 * answer (success or service error) on the calling thread. A handler's calls are synchronous, so
 * the thread that runs the invocation is the one that made them.
 */
public final class AwsRequestIds implements ExecutionInterceptor {

    /** Bounded: a long polling step must not grow its log line without limit. */
    static final int MAX_KEPT = 50;

    private static final ThreadLocal<List<String>> CURRENT = new ThreadLocal<>();

    /** Starts collecting on this thread; ids of calls made before are forgotten. */
    public static void begin() {
        CURRENT.set(new ArrayList<>());
    }

    /** The ids collected since {@link #begin()}, in call order; collecting stops. */
    public static List<String> end() {
        List<String> ids = CURRENT.get();
        CURRENT.remove();
        return ids == null ? List.of() : List.copyOf(ids);
    }

    @Override
    public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
        if (context.response() instanceof AwsResponse response) {
            String id = response.responseMetadata().requestId();
            if (id == null || "UNKNOWN".equals(id)) {
                // S3's GetObject and HeadObject answers leave the metadata UNKNOWN; the header has the id.
                id = context.httpResponse().firstMatchingHeader("x-amz-request-id")
                        .or(() -> context.httpResponse().firstMatchingHeader("x-amzn-RequestId")).orElse(null);
            }
            note(id);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception() instanceof AwsServiceException service) {
            note(service.requestId());
        }
    }

    private static void note(String id) {
        List<String> ids = CURRENT.get();
        // The SDK answers "UNKNOWN" when the response carried no id.
        if (ids != null && id != null && !id.isBlank() && !"UNKNOWN".equals(id) && ids.size() < MAX_KEPT) {
            ids.add(id);
        }
    }
}
