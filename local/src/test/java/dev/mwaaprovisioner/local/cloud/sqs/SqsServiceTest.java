package dev.mwaaprovisioner.local.cloud.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.AwsCli;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The local SQS through the AWS SDK v2 (AWS JSON 1.0, with the SDK's MD5 checks of bodies and
 * message attributes) and through the AWS CLI: queues with their attributes, send, receive with a
 * visibility timeout on the cloud's clock, delete, retention limits and errors by their codes.
 */
class SqsServiceTest {

    private static LocalCloud cloud;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(1000));
        sqs = TestClients.client(SqsClient.builder(), cloud);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        cloud.close();
    }

    @Test
    void aQueueKeepsItsAttributesAndIsFoundByNameAndPrefix() {
        String url = sqs.createQueue(r -> r.queueName("kept-14-days").attributesWithStrings(Map.of(
                "MessageRetentionPeriod", "1209600", "SqsManagedSseEnabled", "true"))).queueUrl();

        Map<String, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
        assertThat(attributes).containsEntry("MessageRetentionPeriod", "1209600")
                .containsEntry("SqsManagedSseEnabled", "true")
                .containsEntry("QueueArn", "arn:aws:sqs:us-east-1:" + LocalCloud.ACCOUNT_ID + ":kept-14-days")
                .containsEntry("VisibilityTimeout", "30");
        assertThat(sqs.getQueueUrl(r -> r.queueName("kept-14-days")).queueUrl()).isEqualTo(url);
        assertThat(sqs.listQueues(r -> r.queueNamePrefix("kept-")).queueUrls()).containsExactly(url);
        // The same name with the same attributes is the same queue; with others it is refused.
        assertThat(sqs.createQueue(r -> r.queueName("kept-14-days").attributesWithStrings(Map.of(
                "MessageRetentionPeriod", "1209600"))).queueUrl()).isEqualTo(url);
        assertThatThrownBy(() -> sqs.createQueue(r -> r.queueName("kept-14-days").attributesWithStrings(Map.of(
                "MessageRetentionPeriod", "60"))))
                .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("QueueNameExists"));
    }

    @Test
    void retentionBeyondFourteenDaysIsRefusedWithTheRange() {
        assertThatThrownBy(() -> sqs.createQueue(r -> r.queueName("too-long").attributesWithStrings(Map.of(
                "MessageRetentionPeriod", "1209601"))))
                .isInstanceOf(SqsException.class)
                .hasMessageContaining("MessageRetentionPeriod").hasMessageContaining("60 to 1209600");
    }

    @Test
    void aMessageIsReceivedWithItsAttributesHiddenForItsVisibilityTimeoutAndDeleted() throws Exception {
        String url = sqs.createQueue(r -> r.queueName("round-trip")).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("{\"id\":\"e-1\"}").messageAttributes(Map.of(
                "ERROR_CODE", MessageAttributeValue.builder().dataType("String").stringValue("AccessDenied").build(),
                "RETRY_ATTEMPTS", MessageAttributeValue.builder().dataType("Number").stringValue("0").build())));

        // The SDK checks MD5OfBody and MD5OfMessageAttributes of what it receives.
        ReceiveMessageResponse first = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                .visibilityTimeout(1800).messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        assertThat(first.messages()).hasSize(1);
        assertThat(first.messages().get(0).body()).isEqualTo("{\"id\":\"e-1\"}");
        assertThat(first.messages().get(0).messageAttributes().get("ERROR_CODE").stringValue()).isEqualTo("AccessDenied");
        assertThat(first.messages().get(0).attributesAsStrings()).containsEntry("ApproximateReceiveCount", "1");
        assertThat(sqs.receiveMessage(r -> r.queueUrl(url)).messages()).as("hidden while being processed").isEmpty();

        cloud.clock().sleep(Duration.ofSeconds(1801));
        ReceiveMessageResponse again = sqs.receiveMessage(r -> r.queueUrl(url)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        assertThat(again.messages()).hasSize(1);
        assertThat(again.messages().get(0).attributesAsStrings()).containsEntry("ApproximateReceiveCount", "2");

        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(again.messages().get(0).receiptHandle()));
        cloud.clock().sleep(Duration.ofSeconds(31));
        assertThat(sqs.receiveMessage(r -> r.queueUrl(url)).messages()).isEmpty();
    }

    @Test
    void aMessageOlderThanTheRetentionPeriodIsGone() throws Exception {
        String url = sqs.createQueue(r -> r.queueName("one-minute").attributesWithStrings(Map.of(
                "MessageRetentionPeriod", "60"))).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("soon gone"));
        cloud.clock().sleep(Duration.ofSeconds(61));
        assertThat(sqs.receiveMessage(r -> r.queueUrl(url)).messages()).isEmpty();
    }

    @Test
    void aMissingQueueIsQueueDoesNotExist() {
        assertThatThrownBy(() -> sqs.getQueueUrl(r -> r.queueName("nobody-made-it")))
                .isInstanceOf(QueueDoesNotExistException.class);
    }

    @Test
    void theAwsCliCreatesSendsReceivesAndDeletes() {
        AwsCli aws = AwsCli.on(cloud);
        String url = aws.run("sqs", "create-queue", "--queue-name", "from-the-cli").ok().json().path("QueueUrl").asText();
        aws.run("sqs", "send-message", "--queue-url", url, "--message-body", "{\"id\":\"cli-1\"}",
                "--message-attributes", "{\"ERROR_CODE\":{\"DataType\":\"String\",\"StringValue\":\"Throttling\"}}").ok();

        JsonNode received = aws.run("sqs", "receive-message", "--queue-url", url, "--message-attribute-names", "All",
                "--attribute-names", "All").ok().json();
        JsonNode message = received.path("Messages").path(0);
        assertThat(message.path("Body").asText()).isEqualTo("{\"id\":\"cli-1\"}");
        assertThat(message.path("MessageAttributes").path("ERROR_CODE").path("StringValue").asText()).isEqualTo("Throttling");
        assertThat(message.path("Attributes").path("ApproximateReceiveCount").asText()).isEqualTo("1");

        aws.run("sqs", "delete-message", "--queue-url", url, "--receipt-handle",
                message.path("ReceiptHandle").asText()).ok();
        assertThat(aws.run("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names",
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible").ok().json()
                .path("Attributes").path("ApproximateNumberOfMessagesNotVisible").asText()).isEqualTo("0");
        assertThat(aws.run("sqs", "get-queue-url", "--queue-name", "no-such-queue").stderr())
                .contains("NonExistentQueue");
    }
}
