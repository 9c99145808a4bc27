package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

final class TaskState extends ResultState {

    /** The two ways a state machine calls Lambda. */
    enum Integration {
        /** {@code arn:aws:states:::lambda:invoke}: Parameters carry FunctionName and Payload. */
        LAMBDA_INVOKE,
        /** A Lambda function ARN as the Resource: the effective input is the payload. */
        LAMBDA_FUNCTION
    }

    final String resource;
    final Integration integration;
    final Integer timeoutSeconds;
    final String timeoutSecondsPath;
    final Integer heartbeatSeconds;
    final String heartbeatSecondsPath;

    TaskState(Common common, String resource, Integration integration, JsonNode parameters,
            JsonNode resultSelector, String resultPath, Integer timeoutSeconds, String timeoutSecondsPath,
            Integer heartbeatSeconds, String heartbeatSecondsPath, List<Retrier> retriers, List<Catcher> catchers) {
        super(common, parameters, resultSelector, resultPath, retriers, catchers);
        this.resource = resource;
        this.integration = integration;
        this.timeoutSeconds = timeoutSeconds;
        this.timeoutSecondsPath = timeoutSecondsPath;
        this.heartbeatSeconds = heartbeatSeconds;
        this.heartbeatSecondsPath = heartbeatSecondsPath;
    }
}
