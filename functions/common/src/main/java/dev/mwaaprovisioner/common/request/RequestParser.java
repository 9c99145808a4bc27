package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a request file (YAML or JSON, told apart by content) and returns the valid, normalized
 * request, or throws {@link InvalidRequestException} with every problem found. Nothing about a
 * request is decided anywhere else.
 *
 * <pre>{@code
 * ProvisioningRequest request = RequestParser.standard().parse(bytes, "requests/analytics-dev.yaml");
 * }</pre>
 *
 * Instances are immutable and thread-safe.
 */
public final class RequestParser {

    /** The largest request file accepted, in bytes (256 KiB). */
    public static final int MAX_BYTES = DocumentLimits.MAX_BYTES;

    /**
     * The most problems listed for one file. A real request has a few dozen keys; a file with
     * thousands of wrong ones is listed in part, so that reports and events stay small.
     */
    public static final int MAX_PROBLEMS = 100;

    /** Value rules, in the order of the keys they check. */
    private static final List<RequestRule> RULES = List.of(
            new NameRules(),
            new S3LocationRules(),
            new NetworkRules(),
            new AirflowRules(),
            new CapacityRules(),
            new TagRules(),
            new KeyAndRoleRules());

    private static final List<String> KEY_ORDER = RecordKeys.of(ProvisioningRequest.class);

    private final MwaaAllowLists allowLists;

    public RequestParser(MwaaAllowLists allowLists) {
        this.allowLists = allowLists;
    }

    /** A parser with the allow-lists in force in this process ({@link MwaaAllowLists#current()}). */
    public static RequestParser standard() {
        return new RequestParser(MwaaAllowLists.current());
    }

    public MwaaAllowLists allowLists() {
        return allowLists;
    }

    /**
     * Parses and validates a request.
     *
     * @param content    the file's bytes, UTF-8
     * @param sourceName where it came from (file name, S3 key), carried by the exception
     * @throws InvalidRequestException with every problem, when the request is refused
     */
    public ProvisioningRequest parse(byte[] content, String sourceName) {
        Problems problems = new Problems();
        JsonNode[] tree = new JsonNode[1];
        ObjectNode root = DocumentReader.read(content, problems, tree);
        SecretRedaction redaction = SecretRedaction.of(tree[0]);
        if (root == null) {
            throw new InvalidRequestException(sourceName, redaction.apply(problems.list()));
        }
        ProvisioningRequest given = RequestBinder.bind(root, problems);
        ProvisioningRequest normalized = RequestDefaults.apply(given);
        RequestRule.Candidate candidate = new RequestRule.Candidate(given, normalized, allowLists);
        for (RequestRule rule : RULES) {
            rule.check(candidate, problems);
        }
        if (!problems.isEmpty()) {
            String name = problems.reportedAt("Name") || redaction.isSecret(given.name()) ? null : given.name();
            throw new InvalidRequestException(sourceName, redaction.apply(listed(inKeyOrder(problems.list()))), name);
        }
        return normalized;
    }

    /** Parses a request held as text. */
    public ProvisioningRequest parse(String content, String sourceName) {
        return parse(content.getBytes(StandardCharsets.UTF_8), sourceName);
    }

    /**
     * Reads at most {@link #MAX_BYTES} + 1 bytes from {@code in}, so that a huge input is refused
     * without being held in memory, and parses them.
     */
    public ProvisioningRequest read(InputStream in, String sourceName) throws IOException {
        return parse(in.readNBytes(MAX_BYTES + 1), sourceName);
    }

    /** Reads and parses a request file. */
    public ProvisioningRequest read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    private static List<Problem> listed(List<Problem> all) {
        if (all.size() <= MAX_PROBLEMS) {
            return all;
        }
        List<Problem> listed = new ArrayList<>(all.subList(0, MAX_PROBLEMS - 1));
        listed.add(new Problem(Problem.DOCUMENT, (all.size() - listed.size()) + " more problems are not listed;"
                + " fix the ones above first"));
        return listed;
    }

    /** Problems about the whole file first, then unknown keys, then by the order of the request's keys. */
    private static List<Problem> inKeyOrder(List<Problem> problems) {
        return problems.stream().sorted(Comparator.comparingInt(p -> rank(p.path()))).toList();
    }

    private static int rank(String path) {
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        String top = path.substring(0, end);
        return top.equals(Problem.DOCUMENT) ? -2 : KEY_ORDER.indexOf(top);
    }
}
