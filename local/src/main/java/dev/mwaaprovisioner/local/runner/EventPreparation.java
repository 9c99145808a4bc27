package dev.mwaaprovisioner.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a fresh embedded deployment hold what a sample event refers to, so that every file of
 * {@code events/} runs with {@code invoke} as it is:
 * <ol>
 *   <li>a request file next to the event, {@code EVENT.given.yaml} (for {@code input.json},
 *       {@code input.given.yaml}), is provisioned first through the workflow, uploaded as
 *       {@code requests/<Name>.yaml}: for steps that need an environment, a network stack, a claim
 *       or a request object to exist;</li>
 *   <li>placeholders in the event are filled: {@code ${ConfigBucketName}}, {@code ${AWS::Region}},
 *       {@code ${AWS::AccountId}}, and after a given request {@code ${RequestVersionId}} (the
 *       uploaded version) and {@code ${NetworkStackId}} (its network stack);</li>
 *   <li>what the event's {@code Request} and top-level {@code ExecutionRoleArn},
 *       {@code SubnetIds} and {@code SecurityGroupIds} name is created when missing
 *       ({@link ReferencedResources}).</li>
 * </ol>
 * Every resource made is announced on {@code log}; the event's result stays alone on standard output.
 */
public final class EventPreparation {

    public static final String GIVEN_SUFFIX = ".given.yaml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z:]+)}");

    private EventPreparation() {
    }

    /** The request file provisioned before the event, if there is one. */
    public static Path givenFor(Path event) {
        String name = event.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return event.resolveSibling(base + GIVEN_SUFFIX);
    }

    /**
     * Prepares the deployment and returns the event with its placeholders filled.
     *
     * @throws IllegalArgumentException naming a placeholder that nothing fills, or a given request that did
     *     not provision
     */
    public static byte[] prepare(LocalApplication application, Path event, byte[] payload, PrintWriter log)
            throws IOException, InterruptedException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ConfigBucketName", application.configBucket());
        values.put("AWS::Region", application.cloud().defaultRegion());
        values.put("AWS::AccountId", application.cloud().accountId());
        Path given = event == null ? null : givenFor(event);
        if (given != null && Files.isRegularFile(given)) {
            provision(application, given, values, log);
        }
        byte[] prepared = fill(payload, values, true, given != null && !Files.isRegularFile(given)
                ? " (add " + given.getFileName() + " to provision a request first)" : "");
        JsonNode input = WorkflowJson.MAPPER.readTree(prepared);
        if (input != null && input.isObject()) {
            new ReferencedResources(application.cloud(), log).createMissingFor(input);
        }
        return prepared;
    }

    /**
     * The event with the placeholders these values fill.
     *
     * @param strict whether a placeholder without a value is an error (else it is sent as it is)
     */
    public static byte[] fill(byte[] payload, Map<String, String> values, boolean strict, String hint) {
        String text = new String(payload, StandardCharsets.UTF_8);
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null && strict) {
                throw new IllegalArgumentException("the event's placeholder " + placeholder.group() + " has no value;"
                        + " filled are " + String.join(", ", values.keySet().stream().map(v -> "${" + v + "}").toList())
                        + hint + ".");
            }
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value == null ? placeholder.group() : value));
        }
        placeholder.appendTail(filled);
        return filled.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void provision(LocalApplication application, Path given, Map<String, String> values,
                                  PrintWriter log) throws IOException, InterruptedException {
        byte[] request = Files.readAllBytes(given);
        String name = dev.mwaaprovisioner.common.request.RequestParser.standard()
                .parse(request, given.toString()).name();
        log.printf("Provisioning %s first (%s), for the event to find it:%n", name, given);
        log.flush();
        EmbeddedProvisioning provisioning = new EmbeddedProvisioning(application, log);
        provisioning.createReferencedResources(request, given.toString());
        Outcome outcome = provisioning.provision(request, EmbeddedProvisioning.REQUEST_PREFIX + name + ".yaml");
        if (!outcome.available()) {
            throw new IllegalArgumentException(given + " did not provision (" + outcome.status() + "); the event "
                    + "needs it.");
        }
        JsonNode document = outcome.document().orElseThrow();
        putIfPresent(values, "RequestVersionId", document.path("Source").path("VersionId"));
        putIfPresent(values, "NetworkStackId", document.path("Network").path("StackId"));
    }

    private static void putIfPresent(Map<String, String> values, String name, JsonNode value) {
        if (value.isTextual()) {
            values.put(name, value.asText());
        }
    }
}
