package dev.mwaaprovisioner.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.common.aws.PrimingHttpClient.CannedResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.StsClient;

/** Priming answers a real SDK client's calls from canned responses, sends nothing, and notices a changed call path. */
class PrimingHttpClientTest {

    /** Nothing listens on port 9: a request that reached the network would fail to connect. */
    private final AwsClientFactory factory = new AwsClientFactory(Map.of("AWS_REGION", "us-east-1",
            "AWS_ENDPOINT_URL", "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b"));
    private final StsClient sts = factory.create(StsClient.builder(), AwsService.STS);

    private static final CannedResponse IDENTITY = new CannedResponse(200, Map.of("Content-Type", List.of("text/xml")),
            ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                    + "<Arn>arn:aws:iam::123456789012:root</Arn><UserId>123456789012</UserId><Account>123456789012</Account>"
                    + "</GetCallerIdentityResult></GetCallerIdentityResponse>").getBytes(StandardCharsets.UTF_8));

    @AfterEach
    void close() {
        sts.close();
        factory.close();
    }

    @Test
    void answersTheCallFromTheCannedResponseWithoutNetwork() {
        String account = PrimingHttpClient.answering(List.of(IDENTITY), () -> sts.getCallerIdentity().account());
        assertThat(account).isEqualTo("123456789012");
    }

    @Test
    void aCallWithoutCannedResponseFailsInsteadOfGoingOut() {
        assertThatThrownBy(() -> PrimingHttpClient.answering(List.of(), () -> sts.getCallerIdentity()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no canned response for: POST http://127.0.0.1:9");
    }

    @Test
    void cannedResponsesLeftOverMeanTheCallPathChanged() {
        assertThatThrownBy(() -> PrimingHttpClient.answering(List.of(IDENTITY, IDENTITY), () -> sts.getCallerIdentity()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("made 1 AWS calls, not 2");
    }

    @Test
    void outsidePrimingTheRealClientIsUsed() {
        assertThatThrownBy(() -> sts.getCallerIdentity())
                .isInstanceOf(SdkClientException.class)
                .hasMessageNotContaining("canned");
    }
}
