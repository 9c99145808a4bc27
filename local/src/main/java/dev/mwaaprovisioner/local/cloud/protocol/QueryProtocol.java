package dev.mwaaprovisioner.local.cloud.protocol;

import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import java.util.function.Consumer;

/**
 * The AWS query protocol (IAM, STS, CloudFormation): form-encoded {@code Action}/{@code Version}
 * parameters in, XML in the service's namespace out:
 * {@code <ActionResponse xmlns=ns><ActionResult>...</ActionResult><ResponseMetadata><RequestId>}.
 * Errors: {@code <ErrorResponse xmlns=ns><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/>}.
 */
public class QueryProtocol implements WireProtocol {

    public static final String CONTENT_TYPE = "text/xml";

    private final String namespace;

    public QueryProtocol(String namespace) {
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public String operation(CloudRequest request) {
        String action = request.formParam("Action");
        return action == null || action.isBlank() ? null : action;
    }

    /** A success response whose {@code <ActionResult>} the writer fills in. */
    public CloudResponse respond(CloudRequest request, Consumer<XmlWriter> result) {
        String action = request.operation();
        XmlWriter xml = XmlWriter.document().start(action + "Response", namespace);
        xml.element(action + "Result", result);
        metadata(xml, request);
        return CloudResponse.of(200, CONTENT_TYPE, xml.end().toBytes());
    }

    /** A success response with no result element (e.g. DeleteRole). */
    public CloudResponse respondEmpty(CloudRequest request) {
        XmlWriter xml = XmlWriter.document().start(request.operation() + "Response", namespace);
        metadata(xml, request);
        return CloudResponse.of(200, CONTENT_TYPE, xml.end().toBytes());
    }

    private static void metadata(XmlWriter xml, CloudRequest request) {
        xml.element("ResponseMetadata", m -> m.element("RequestId", request.requestId()));
    }

    @Override
    public CloudResponse error(CloudRequest request, CloudException error) {
        XmlWriter xml = XmlWriter.document().start("ErrorResponse", namespace);
        xml.element("Error", e -> {
            e.element("Type", error.senderFault() ? "Sender" : "Receiver");
            e.element("Code", error.code());
            e.element("Message", error.getMessage());
            error.extraFields().forEach(e::element);
        });
        xml.element("RequestId", request.requestId());
        return CloudResponse.of(error.httpStatus(), CONTENT_TYPE, xml.end().toBytes())
                .header("x-amzn-RequestId", request.requestId());
    }

    @Override
    public CloudException unsupportedOperation(String serviceName, String operation) {
        return new CloudException("InvalidAction", 400, WireProtocol.unsupportedMessage(serviceName, operation));
    }
}
