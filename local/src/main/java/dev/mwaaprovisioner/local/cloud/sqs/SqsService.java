package dev.mwaaprovisioner.local.cloud.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.protocol.JsonProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Amazon SQS in the AWS JSON 1.0 protocol ({@code X-Amz-Target: AmazonSQS.*}, signing name
 * {@code sqs}), which the AWS SDK for Java 2.x and the AWS CLI (botocore 1.31.64 and later) speak:
 * standard queues, send, receive, delete, attributes (queue policy, encryption, retention). Errors
 * carry the {@code x-amzn-query-error} header SQS sends for clients that know its Query error codes.
 */
public final class SqsService implements CloudService {

    private final JsonProtocol protocol = new JsonProtocol("1.0", "AmazonSQS");
    private final SqsQueues queues;
    private final ServiceContext context;

    public SqsService(ServiceContext context) {
        this.context = context;
        this.queues = new SqsQueues(context.clock(), context.accountId(), context.endpoint());
    }

    @Override
    public String signingName() {
        return "sqs";
    }

    @Override
    public String displayName() {
        return "Amazon SQS";
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    @Override
    public Collection<?> components() {
        return List.of(queues);
    }

    @Override
    public JsonNode inventory() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (SqsQueues.Queue queue : queues.list(context.defaultRegion(), null)) {
            ObjectNode item = list.addObject().put("QueueUrl", queue.url()).put("QueueArn", queue.arn());
            item.put("Messages", queues.messages(queue.url()).size());
        }
        return list;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        ObjectNode in = protocol.input(request);
        String region = request.region();
        JsonNode out = switch (request.operation()) {
            case "CreateQueue" -> Json.object().put("QueueUrl",
                    queues.createQueue(region, required(in, "QueueName"), stringMap(in.path("Attributes"))).url());
            case "GetQueueUrl" -> Json.object().put("QueueUrl", queues.queueNamed(region, required(in, "QueueName")).url());
            case "ListQueues" -> {
                ObjectNode result = Json.object();
                ArrayNode urls = result.putArray("QueueUrls");
                queues.list(region, text(in, "QueueNamePrefix")).forEach(q -> urls.add(q.url()));
                yield result;
            }
            case "GetQueueAttributes" -> {
                Map<String, String> all = queues.attributes(required(in, "QueueUrl"));
                Set<String> wanted = new java.util.HashSet<>();
                in.path("AttributeNames").forEach(n -> wanted.add(n.asText()));
                ObjectNode result = Json.object();
                ObjectNode attributes = result.putObject("Attributes");
                all.forEach((name, value) -> {
                    if (wanted.contains("All") || wanted.contains(name)) {
                        attributes.put(name, value);
                    }
                });
                yield result;
            }
            case "SetQueueAttributes" -> {
                queues.setAttributes(required(in, "QueueUrl"), stringMap(in.path("Attributes")));
                yield Json.object();
            }
            case "DeleteQueue" -> {
                queues.deleteQueue(required(in, "QueueUrl"));
                yield Json.object();
            }
            case "PurgeQueue" -> {
                queues.purge(required(in, "QueueUrl"));
                yield Json.object();
            }
            case "SendMessage" -> {
                Map<String, SqsQueues.MessageAttribute> attributes = messageAttributes(in.path("MessageAttributes"));
                String body = text(in, "MessageBody");
                SqsQueues.Message message = queues.send(required(in, "QueueUrl"), body, attributes,
                        in.hasNonNull("DelaySeconds") ? in.get("DelaySeconds").asInt() : null, request.accountId());
                ObjectNode result = Json.object().put("MessageId", message.id()).put("MD5OfMessageBody",
                        SqsQueues.md5OfBody(body));
                if (!attributes.isEmpty()) {
                    result.put("MD5OfMessageAttributes", SqsQueues.md5OfAttributes(attributes));
                }
                yield result;
            }
            case "ReceiveMessage" -> receive(in);
            case "DeleteMessage" -> {
                queues.delete(required(in, "QueueUrl"), required(in, "ReceiptHandle"));
                yield Json.object();
            }
            case "ChangeMessageVisibility" -> {
                queues.changeVisibility(required(in, "QueueUrl"), required(in, "ReceiptHandle"),
                        in.path("VisibilityTimeout").asInt());
                yield Json.object();
            }
            default -> throw protocol.unsupportedOperation(displayName(), request.operation());
        };
        return protocol.respond(request, out);
    }

    private JsonNode receive(ObjectNode in) {
        int max = in.hasNonNull("MaxNumberOfMessages") ? in.get("MaxNumberOfMessages").asInt() : 1;
        Integer visibility = in.hasNonNull("VisibilityTimeout") ? in.get("VisibilityTimeout").asInt() : null;
        int wait = in.hasNonNull("WaitTimeSeconds") ? in.get("WaitTimeSeconds").asInt() : 0;
        if (wait < 0 || wait > 20) {
            throw new CloudException("InvalidParameterValue", 400, "Value " + wait + " for parameter WaitTimeSeconds is"
                    + " invalid. Reason: Must be >= 0 and <= 20, if provided.");
        }
        Set<String> system = new java.util.HashSet<>();
        in.path("AttributeNames").forEach(n -> system.add(n.asText()));
        in.path("MessageSystemAttributeNames").forEach(n -> system.add(n.asText()));
        Set<String> named = new java.util.HashSet<>();
        in.path("MessageAttributeNames").forEach(n -> named.add(n.asText()));
        SqsQueues.Received[] received;
        try {
            received = queues.receive(required(in, "QueueUrl"), max, visibility, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("InternalError", 500, "The receive was interrupted", false);
        }
        ObjectNode result = Json.object();
        ArrayNode messages = result.putArray("Messages");
        for (SqsQueues.Received message : received) {
            ObjectNode item = messages.addObject();
            item.put("MessageId", message.messageId());
            item.put("ReceiptHandle", message.receiptHandle());
            item.put("Body", message.body());
            item.put("MD5OfBody", SqsQueues.md5OfBody(message.body()));
            ObjectNode attributes = Json.object();
            message.systemAttributes().forEach((name, value) -> {
                if (system.contains("All") || system.contains(name)) {
                    attributes.put(name, value);
                }
            });
            if (!attributes.isEmpty()) {
                item.set("Attributes", attributes);
            }
            Map<String, SqsQueues.MessageAttribute> selected = new LinkedHashMap<>();
            message.attributes().forEach((name, value) -> {
                if (named.contains("All") || named.contains(".*") || named.contains(name)) {
                    selected.put(name, value);
                }
            });
            if (!selected.isEmpty()) {
                ObjectNode out = item.putObject("MessageAttributes");
                selected.forEach((name, value) -> {
                    ObjectNode attribute = out.putObject(name).put("DataType", value.dataType());
                    if (value.dataType().startsWith("Binary")) {
                        attribute.put("BinaryValue", value.stringValue());
                    } else {
                        attribute.put("StringValue", value.stringValue());
                    }
                });
                item.put("MD5OfMessageAttributes", SqsQueues.md5OfAttributes(selected));
            }
        }
        return result;
    }

    private static Map<String, SqsQueues.MessageAttribute> messageAttributes(JsonNode node) {
        Map<String, SqsQueues.MessageAttribute> attributes = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            String type = value.path("DataType").asText(null);
            if (type == null || !(type.startsWith("String") || type.startsWith("Number") || type.startsWith("Binary"))) {
                throw new CloudException("InvalidParameterValue", 400, "The message attribute '" + field.getKey()
                        + "' has an invalid message attribute type, the set of supported type prefixes is Binary,"
                        + " Number, and String.");
            }
            String text = type.startsWith("Binary") ? value.path("BinaryValue").asText(null)
                    : value.path("StringValue").asText(null);
            if (text == null) {
                throw new CloudException("InvalidParameterValue", 400, "The message attribute '" + field.getKey()
                        + "' must contain a non-empty message attribute value for message attribute type '" + type + "'.");
            }
            attributes.put(field.getKey(), new SqsQueues.MessageAttribute(type, text));
        });
        return attributes;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    private static String text(JsonNode in, String field) {
        JsonNode value = in.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String required(JsonNode in, String field) {
        String value = text(in, field);
        if (value == null || value.isEmpty()) {
            throw new CloudException("MissingParameter", 400, "The request must contain the parameter " + field + ".");
        }
        return value;
    }
}
