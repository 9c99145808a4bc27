package dev.mwaaprovisioner.common.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request asks to change what an existing environment cannot change in place (its network,
 * its key, whether the provisioner made its network or role); refused before anything is
 * written. The message is a header naming the environment, then one {@code Path: message} line
 * per field with the current and the requested value and the fix, which the report step reads
 * back ({@link #parse(String)}) into the status document's {@code Problems}.
 *
 * <pre>
 * Environment analytics-dev cannot change in place as requested by s3://config/requests/a.yaml (version 3HL4):
 * Network.VpcCIDR: is 10.192.0.0/16, the request says 10.193.0.0/16; ...
 * </pre>
 */
public final class ImmutableChangeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private static final Pattern HEADER = Pattern.compile(
            "Environment (?<name>[A-Za-z][0-9A-Za-z_-]*) cannot change in place as requested by (?<source>.+):");

    private final String environmentName;
    private final List<String> problems;

    /**
     * @param environmentName the environment's Name
     * @param source where the request came from, for people
     * @param problems one {@code Path: message} line per field, at least one
     */
    public ImmutableChangeException(String environmentName, String source, List<String> problems) {
        super(format(environmentName, source, problems));
        this.environmentName = environmentName;
        this.problems = List.copyOf(problems);
    }

    public String environmentName() {
        return environmentName;
    }

    public List<String> problems() {
        return problems;
    }

    /** The {@code Path: message} lines of a message written by this class; empty when it is not one. */
    public static Optional<List<String>> parse(String message) {
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
        return Optional.of(problems);
    }

    private static String format(String environmentName, String source, List<String> problems) {
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("problems: a refused change names at least one field");
        }
        StringBuilder message = new StringBuilder("Environment ").append(environmentName)
                .append(" cannot change in place as requested by ").append(source).append(':');
        for (String problem : problems) {
            message.append('\n').append(problem.replace('\n', ' '));
        }
        return message.toString();
    }
}
