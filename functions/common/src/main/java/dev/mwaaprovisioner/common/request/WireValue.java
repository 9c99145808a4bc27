package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An enumerated request value with the exact spelling the request file and the MWAA API use
 * (for example {@code PRIVATE_ONLY} or {@code Delete}).
 */
public interface WireValue {

    /** The value as written in the request file and sent to AWS. */
    @JsonValue
    String wireName();
}
