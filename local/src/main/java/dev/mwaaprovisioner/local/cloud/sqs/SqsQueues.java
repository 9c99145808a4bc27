package dev.mwaaprovisioner.local.cloud.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.Arns;
import dev.mwaaprovisioner.local.cloud.CloudClock;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.iam.PolicyDocuments;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The standard queues of the local Amazon SQS and their messages: send, receive with a visibility
 * timeout on the cloud's clock, delete by receipt handle, retention (a message older than the
 * queue's {@code MessageRetentionPeriod} is gone). Queue policies are stored and evaluated for
 * the one case the local cloud has: a service principal (EventBridge) sending to a queue from a
 * source ARN ({@link #allowsServiceSend}). FIFO queues, redrive policies and message groups are not
 * emulated. Thread-safe.
 */
public final class SqsQueues {

    /** A message attribute: {@code String}, {@code Number} or {@code Binary} (base64 here). */
    public record MessageAttribute(String dataType, String stringValue) {
    }

    /** A message as stored: its body, attributes, and its receipt state. */
    public static final class Message {
        final String id = UUID.randomUUID().toString();
        final String body;
        final Map<String, MessageAttribute> attributes;
        final Instant sentAt;
        final String senderId;
        int receiveCount;
        Instant firstReceivedAt;
        Instant visibleAt;
        String receiptHandle;

        Message(String body, Map<String, MessageAttribute> attributes, Instant sentAt, Instant visibleAt, String senderId) {
            this.body = body;
            this.attributes = Map.copyOf(attributes);
            this.sentAt = sentAt;
            this.visibleAt = visibleAt;
            this.senderId = senderId;
        }

        public String id() {
            return id;
        }

        public String body() {
            return body;
        }

        public Map<String, MessageAttribute> attributes() {
            return attributes;
        }
    }

    /** A received message: what ReceiveMessage answers for it. */
    public record Received(String messageId, String receiptHandle, String body, Map<String, MessageAttribute> attributes,
            Map<String, String> systemAttributes) {
    }

    /** A queue: name, ARN, URL, attributes and messages. */
    public static final class Queue {
        final String name;
        final String arn;
        final String url;
        final Map<String, String> attributes = new TreeMap<>();
        final List<Message> messages = new ArrayList<>();

        Queue(String name, String arn, String url) {
            this.name = name;
            this.arn = arn;
            this.url = url;
        }

        public String name() {
            return name;
        }

        public String arn() {
            return arn;
        }

        public String url() {
            return url;
        }
    }

    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    /** The attributes a standard queue takes, with SQS's defaults (new queues are SSE-SQS encrypted since 2023). */
    private static final Map<String, String> DEFAULTS = Map.of(
            "DelaySeconds", "0",
            "MaximumMessageSize", "262144",
            "MessageRetentionPeriod", "345600",
            "ReceiveMessageWaitTimeSeconds", "0",
            "VisibilityTimeout", "30",
            "SqsManagedSseEnabled", "true");
    private static final Set<String> SETTABLE = Set.of("DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod",
            "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "SqsManagedSseEnabled", "Policy",
            "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "RedrivePolicy", "RedriveAllowPolicy");
    private static final int MAX_BODY_BYTES = 1_048_576;

    private final CloudClock clock;
    private final String accountId;
    private final URI endpoint;
    private final Map<String, Queue> byUrl = new LinkedHashMap<>();

    public SqsQueues(CloudClock clock, String accountId, URI endpoint) {
        this.clock = clock;
        this.accountId = accountId;
        this.endpoint = endpoint;
    }

    // ------------------------------------------------------------------ queues

    /**
     * Creates a queue, or returns the existing one when its attributes are the ones given (as
     * CreateQueue does); different attributes are QueueNameExists.
     */
    public synchronized Queue createQueue(String region, String name, Map<String, String> attributes) {
        if (name == null || !QUEUE_NAME.matcher(name).matches()) {
            throw new CloudException("InvalidParameterValue", 400, "Can only include alphanumeric characters, hyphens,"
                    + " or underscores. 1 to 80 in length (QueueName '" + name + "')");
        }
        if (name.endsWith(".fifo") || "true".equals(attributes.get("FifoQueue"))) {
            throw new CloudException("InvalidParameterValue", 400, "FIFO queues are not emulated by the local cloud");
        }
        Map<String, String> checked = checked(attributes);
        String url = url(region, name);
        Queue existing = byUrl.get(url);
        if (existing != null) {
            for (Map.Entry<String, String> given : checked.entrySet()) {
                if (!given.getValue().equals(existing.attributes.get(given.getKey()))) {
                    throw new CloudException("QueueNameExists", 400, "A queue already exists with the same name and a"
                            + " different value for attribute " + given.getKey());
                }
            }
            return existing;
        }
        Queue queue = new Queue(name, Arns.of(region, "sqs", region, accountId, name), url);
        queue.attributes.putAll(DEFAULTS);
        queue.attributes.putAll(checked);
        long now = clock.now().getEpochSecond();
        queue.attributes.put("CreatedTimestamp", Long.toString(now));
        queue.attributes.put("LastModifiedTimestamp", Long.toString(now));
        byUrl.put(url, queue);
        return queue;
    }

    public synchronized void setAttributes(String queueUrl, Map<String, String> attributes) {
        Queue queue = queue(queueUrl);
        queue.attributes.putAll(checked(attributes));
        queue.attributes.remove("Policy", "");
        queue.attributes.put("LastModifiedTimestamp", Long.toString(clock.now().getEpochSecond()));
    }

    /** The queue's attributes, with the computed ones (QueueArn, message counts). */
    public synchronized Map<String, String> attributes(String queueUrl) {
        Queue queue = queue(queueUrl);
        expire(queue);
        Map<String, String> all = new TreeMap<>(queue.attributes);
        all.put("QueueArn", queue.arn);
        Instant now = clock.now();
        long visible = queue.messages.stream().filter(m -> !m.visibleAt.isAfter(now)).count();
        all.put("ApproximateNumberOfMessages", Long.toString(visible));
        all.put("ApproximateNumberOfMessagesNotVisible", Long.toString(queue.messages.size() - visible));
        all.put("ApproximateNumberOfMessagesDelayed", "0");
        return all;
    }

    public synchronized void deleteQueue(String queueUrl) {
        byUrl.remove(queue(queueUrl).url);
    }

    public synchronized void purge(String queueUrl) {
        queue(queueUrl).messages.clear();
    }

    public synchronized List<Queue> list(String region, String prefix) {
        List<Queue> list = new ArrayList<>();
        for (Queue queue : byUrl.values()) {
            if (queue.arn.contains(":" + region + ":") && (prefix == null || queue.name.startsWith(prefix))) {
                list.add(queue);
            }
        }
        return list;
    }

    /** The queue of a URL, of an ARN, or (in the default form) of a name in a Region. */
    public synchronized Queue queue(String urlOrArn) {
        if (urlOrArn != null && urlOrArn.startsWith("arn:")) {
            for (Queue queue : byUrl.values()) {
                if (queue.arn.equals(urlOrArn)) {
                    return queue;
                }
            }
        } else if (urlOrArn != null) {
            Queue queue = byUrl.get(urlOrArn);
            if (queue != null) {
                return queue;
            }
            // A client may address the queue with another host form of the same URL.
            String path = URI.create(urlOrArn).getPath();
            for (Queue candidate : byUrl.values()) {
                if (URI.create(candidate.url).getPath().equals(path)) {
                    return candidate;
                }
            }
        }
        throw new CloudException("QueueDoesNotExist", 400, "The specified queue does not exist.")
                .withHeader("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender");
    }

    public synchronized Queue queueNamed(String region, String name) {
        return queue(url(region, name));
    }

    private String url(String region, String name) {
        // The server's own address, so that clients which send to the queue URL reach the local cloud.
        return endpoint.toString().replaceAll("/+$", "") + "/" + accountId + "/" + name;
    }

    private static Map<String, String> checked(Map<String, String> attributes) {
        Map<String, String> checked = new TreeMap<>();
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String name = attribute.getKey();
            String value = attribute.getValue();
            if (!SETTABLE.contains(name) && !name.equals("FifoQueue")) {
                throw new CloudException("InvalidAttributeName", 400, "Unknown Attribute " + name + ".");
            }
            switch (name) {
                case "MessageRetentionPeriod" -> range(name, value, 60, 1_209_600);
                case "VisibilityTimeout" -> range(name, value, 0, 43_200);
                case "DelaySeconds" -> range(name, value, 0, 900);
                case "ReceiveMessageWaitTimeSeconds" -> range(name, value, 0, 20);
                case "MaximumMessageSize" -> range(name, value, 1024, 1_048_576);
                case "SqsManagedSseEnabled" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw invalidAttribute(name, value, "use true or false");
                    }
                }
                case "Policy" -> {
                    if (value.isEmpty()) {
                        checked.put(name, value); // an empty policy removes the queue's policy
                        continue;
                    }
                    try {
                        PolicyDocuments.validate(value, PolicyDocuments.Kind.RESOURCE);
                    } catch (IllegalArgumentException e) {
                        throw new CloudException("InvalidAttributeValue", 400, "Invalid value for the parameter Policy: "
                                + e.getMessage());
                    }
                }
                default -> { }
            }
            checked.put(name, value);
        }
        if ("true".equals(checked.get("SqsManagedSseEnabled")) && checked.containsKey("KmsMasterKeyId")) {
            throw new CloudException("InvalidAttributeValue", 400, "You can use one type of server-side encryption (SSE)"
                    + " at one time. You can either enable KMS SSE or SQS SSE.");
        }
        return checked;
    }

    private static void range(String name, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalidAttribute(name, value, "use a whole number from " + min + " to " + max);
        }
        if (parsed < min || parsed > max) {
            throw invalidAttribute(name, value, "use a whole number from " + min + " to " + max);
        }
    }

    private static CloudException invalidAttribute(String name, String value, String fix) {
        return new CloudException("InvalidAttributeValue", 400, "Invalid value for the parameter " + name + ": '" + value
                + "'; " + fix + ".");
    }

    // ------------------------------------------------------------------ messages

    /** Sends a message; returns it (its id, and the MD5 digests the API answers with). */
    public synchronized Message send(String queueUrlOrArn, String body, Map<String, MessageAttribute> attributes,
            Integer delaySeconds, String senderId) {
        Queue queue = queue(queueUrlOrArn);
        if (body == null || body.isEmpty()) {
            throw new CloudException("MissingParameter", 400, "The request must contain the parameter MessageBody.");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > Integer.parseInt(queue.attributes.get("MaximumMessageSize"))
                || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new CloudException("InvalidParameterValue", 400, "One or more parameters are invalid. Reason: Message"
                    + " must be shorter than " + queue.attributes.get("MaximumMessageSize") + " bytes.");
        }
        if (attributes.size() > 10) {
            throw new CloudException("InvalidParameterValue", 400, "Number of message attributes [" + attributes.size()
                    + "] exceeds the allowed maximum [10].");
        }
        int delay = delaySeconds != null ? delaySeconds : Integer.parseInt(queue.attributes.get("DelaySeconds"));
        Instant now = clock.now();
        Message message = new Message(body, attributes, now, now.plusSeconds(delay), senderId);
        queue.messages.add(message);
        notifyAll();
        return message;
    }

    /**
     * Receives up to {@code max} visible messages and hides them for the visibility timeout;
     * with a wait time, waits (long polling) until one is visible or the time has passed on the clock.
     */
    public Received[] receive(String queueUrl, int max, Integer visibilityTimeout, int waitSeconds)
            throws InterruptedException {
        if (max < 1 || max > 10) {
            throw new CloudException("InvalidParameterValue", 400, "Value " + max + " for parameter"
                    + " MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        }
        Instant until = clock.now().plusSeconds(waitSeconds);
        synchronized (this) {
            while (true) {
                Queue queue = queue(queueUrl);
                expire(queue);
                Instant now = clock.now();
                List<Received> received = new ArrayList<>();
                int hide = visibilityTimeout != null ? visibilityTimeout
                        : Integer.parseInt(queue.attributes.get("VisibilityTimeout"));
                for (Message message : queue.messages) {
                    if (received.size() == max) {
                        break;
                    }
                    if (message.visibleAt.isAfter(now)) {
                        continue;
                    }
                    message.receiveCount++;
                    if (message.firstReceivedAt == null) {
                        message.firstReceivedAt = now;
                    }
                    message.visibleAt = now.plusSeconds(hide);
                    message.receiptHandle = message.id + ":" + UUID.randomUUID();
                    Map<String, String> system = new LinkedHashMap<>();
                    system.put("SenderId", message.senderId);
                    system.put("SentTimestamp", Long.toString(message.sentAt.toEpochMilli()));
                    system.put("ApproximateReceiveCount", Integer.toString(message.receiveCount));
                    system.put("ApproximateFirstReceiveTimestamp", Long.toString(message.firstReceivedAt.toEpochMilli()));
                    received.add(new Received(message.id, message.receiptHandle, message.body, message.attributes, system));
                }
                if (!received.isEmpty() || !clock.now().isBefore(until)) {
                    return received.toArray(Received[]::new);
                }
                Duration left = clock.toReal(Duration.between(clock.now(), until));
                wait(Math.max(1, Math.min(left.toMillis(), 200)));
            }
        }
    }

    /** Deletes a received message by its receipt handle; a handle of a message already deleted is not an error. */
    public synchronized void delete(String queueUrl, String receiptHandle) {
        Queue queue = queue(queueUrl);
        if (receiptHandle == null || !receiptHandle.contains(":")) {
            throw new CloudException("ReceiptHandleIsInvalid", 400, "The input receipt handle \"" + receiptHandle
                    + "\" is not a valid receipt handle.");
        }
        String id = receiptHandle.substring(0, receiptHandle.indexOf(':'));
        queue.messages.removeIf(m -> m.id.equals(id) && receiptHandle.equals(m.receiptHandle));
    }

    public synchronized void changeVisibility(String queueUrl, String receiptHandle, int seconds) {
        Queue queue = queue(queueUrl);
        range("VisibilityTimeout", Integer.toString(seconds), 0, 43_200);
        for (Message message : queue.messages) {
            if (receiptHandle != null && receiptHandle.equals(message.receiptHandle)) {
                message.visibleAt = clock.now().plusSeconds(seconds);
                return;
            }
        }
        throw new CloudException("ReceiptHandleIsInvalid", 400, "The input receipt handle \"" + receiptHandle
                + "\" is not a valid receipt handle.");
    }

    /** The messages a queue holds now, visible or not, oldest first (for tests and the inventory). */
    public synchronized List<Message> messages(String queueUrlOrArn) {
        Queue queue = queue(queueUrlOrArn);
        expire(queue);
        return List.copyOf(queue.messages);
    }

    private void expire(Queue queue) {
        Instant oldest = clock.now().minusSeconds(Long.parseLong(queue.attributes.get("MessageRetentionPeriod")));
        queue.messages.removeIf(m -> m.sentAt.isBefore(oldest));
    }

    // ------------------------------------------------------------------ policy

    /**
     * Whether the queue's policy lets a service principal send to it from a source ARN: an Allow
     * statement for the principal with {@code sqs:SendMessage} (or {@code sqs:*}) on the queue,
     * whose {@code aws:SourceArn} condition (ArnEquals/ArnLike/StringEquals/StringLike), if any,
     * matches; no Deny that matches. A queue without a policy allows no service.
     */
    public synchronized boolean allowsServiceSend(String queueArn, String servicePrincipal, String sourceArn) {
        Queue queue = queue(queueArn);
        String policy = queue.attributes.get("Policy");
        if (policy == null || policy.isEmpty()) {
            return false;
        }
        JsonNode document;
        try {
            document = dev.mwaaprovisioner.local.cloud.protocol.Json.parse(policy);
        } catch (java.io.IOException e) {
            return false;
        }
        boolean allowed = false;
        JsonNode statements = document.path("Statement");
        for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
            if (!matches(statement, queue.arn, servicePrincipal, sourceArn)) {
                continue;
            }
            if ("Deny".equals(statement.path("Effect").asText())) {
                return false;
            }
            allowed = true;
        }
        return allowed;
    }

    private static boolean matches(JsonNode statement, String queueArn, String principal, String sourceArn) {
        JsonNode service = statement.path("Principal").path("Service");
        if (!values(service).contains(principal) && !"*".equals(statement.path("Principal").asText())) {
            return false;
        }
        if (values(statement.path("Action")).stream().noneMatch(a -> a.equals("sqs:SendMessage") || a.equals("sqs:*")
                || a.equals("*"))) {
            return false;
        }
        if (values(statement.path("Resource")).stream().noneMatch(r -> r.equals(queueArn) || r.equals("*"))) {
            return false;
        }
        JsonNode conditions = statement.path("Condition");
        for (var operators = conditions.fields(); operators.hasNext(); ) {
            var operator = operators.next();
            for (var keys = operator.getValue().fields(); keys.hasNext(); ) {
                var key = keys.next();
                if (!key.getKey().equalsIgnoreCase("aws:SourceArn")) {
                    continue; // other keys (aws:SourceAccount) hold for the local account
                }
                boolean wildcard = operator.getKey().endsWith("Like");
                boolean any = values(key.getValue()).stream().anyMatch(v -> wildcard
                        ? sourceArn.matches(globToRegex(v)) : v.equals(sourceArn));
                if (!any) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        } else if (node.isTextual()) {
            values.add(node.asText());
        }
        return values;
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return regex.toString();
    }

    // ------------------------------------------------------------------ digests

    public static String md5OfBody(String body) {
        return md5(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The MD5 SQS computes over message attributes (sorted by name; lengths as 4-byte big-endian integers). */
    public static String md5OfAttributes(Map<String, MessageAttribute> attributes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, MessageAttribute> entry : new TreeMap<>(attributes).entrySet()) {
            writeLengthPrefixed(out, entry.getKey().getBytes(StandardCharsets.UTF_8));
            MessageAttribute attribute = entry.getValue();
            writeLengthPrefixed(out, attribute.dataType().getBytes(StandardCharsets.UTF_8));
            if (attribute.dataType().startsWith("Binary")) {
                out.write(2);
                writeLengthPrefixed(out, java.util.Base64.getDecoder().decode(attribute.stringValue()));
            } else {
                out.write(1);
                writeLengthPrefixed(out, attribute.stringValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return md5(out.toByteArray());
    }

    private static void writeLengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
