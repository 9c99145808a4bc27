package dev.mwaaprovisioner.common.request;

import java.util.Objects;

/**
 * One thing wrong with a request: where ({@code path}, e.g. {@code Network.PrivateSubnet1CIDR},
 * or {@value #DOCUMENT} for the file as a whole) and what, with the fix ({@code message}).
 */
public record Problem(String path, String message) {

    /** The path of problems that concern the whole file: its size, encoding or syntax. */
    public static final String DOCUMENT = "Request";

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** The line a person reads: {@code path: message}. */
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
