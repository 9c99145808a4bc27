package dev.mwaaprovisioner.common.request;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A request file was refused. It carries every problem found, not just the first, so the user
 * can fix the file in one go; the message is one {@code Path: message} line per problem.
 */
public final class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final List<Problem> problems;
    private final String environmentName;

    public InvalidRequestException(String sourceName, List<Problem> problems) {
        this(sourceName, problems, null);
    }

    /**
     * @param environmentName the request's {@code Name} when it is itself valid (so a report about
     *                        the refused request can be filed under it), otherwise null
     */
    public InvalidRequestException(String sourceName, List<Problem> problems, String environmentName) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid request has at least one problem");
        }
        this.sourceName = sourceName;
        this.problems = List.copyOf(problems);
        this.environmentName = environmentName;
    }

    /** Where the request came from (file name, S3 key...), as given to the parser. */
    public String sourceName() {
        return sourceName;
    }

    /** The request's {@code Name}, when the request has one and it is valid. */
    public Optional<String> environmentName() {
        return Optional.ofNullable(environmentName);
    }

    /** Every problem, in the order of the request's keys. */
    public List<Problem> problems() {
        return problems;
    }
}
