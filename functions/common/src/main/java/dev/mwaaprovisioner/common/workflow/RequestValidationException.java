package dev.mwaaprovisioner.common.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request was refused by validation; nothing was created. The message is what the execution
 * shows as its cause and what the report step reads back: a header naming the request, then one
 * {@code Path: message} line per problem.
 *
 * <pre>
 * Invalid request s3://config/requests/analytics-dev.yaml (version 3HL4kqtJ) for environment analytics-dev:
 * Network.PrivateSubnet1CIDR: 10.192.10.0/25 overlaps PublicSubnet1CIDR 10.192.10.0/24; ...
 * MaxWorkers: ...
 * </pre>
 *
 * The state machine passes only the error name and this message from the validate step to the
 * report step, so {@link #parse(String)} recovers the environment name and the problems from it.
 */
public final class RequestValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private static final Pattern HEADER = Pattern.compile(
            "Invalid request (?<source>.+?)(?: for environment (?<name>[A-Za-z][0-9A-Za-z_-]*))?:");

    private final String source;
    private final String environmentName;
    private final List<String> problems;

    /**
     * @param source where the request came from, for people (an s3:// URI and version, an event id)
     * @param environmentName the request's Name when it is a valid name, otherwise null
     * @param problems one {@code Path: message} line per problem, at least one
     */
    public RequestValidationException(String source, String environmentName, List<String> problems) {
        super(format(source, environmentName, problems));
        this.source = source;
        this.environmentName = environmentName;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public Optional<String> environmentName() {
        return Optional.ofNullable(environmentName);
    }

    /** Every problem as {@code Path: message}. */
    public List<String> problems() {
        return problems;
    }

    /** Reads a message written by this class back; empty when it is not one. */
    public static Optional<RequestValidationException> parse(String message) {
        if (message == null) {
            return Optional.empty();
        }
        String[] lines = message.split("\n");
        Matcher header = HEADER.matcher(lines[0]);
        if (!header.matches() || lines.length < 2) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                problems.add(lines[i]);
            }
        }
        return Optional.of(new RequestValidationException(header.group("source"), header.group("name"), problems));
    }

    private static String format(String source, String environmentName, List<String> problems) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source: say where the request came from");
        }
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("problems: an invalid request has at least one problem");
        }
        StringBuilder message = new StringBuilder("Invalid request ").append(source);
        if (environmentName != null) {
            message.append(" for environment ").append(environmentName);
        }
        message.append(':');
        for (String problem : problems) {
            message.append('\n').append(problem.replace('\n', ' '));
        }
        return message.toString();
    }
}
