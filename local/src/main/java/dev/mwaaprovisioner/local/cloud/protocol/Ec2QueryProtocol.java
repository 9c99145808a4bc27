package dev.mwaaprovisioner.local.cloud.protocol;

import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import java.util.function.Consumer;

/**
 * EC2's variant of the query protocol: the same form-encoded input, but the result members sit
 * directly under {@code <ActionResponse xmlns=ns><requestId/>...}, and errors have the shape
 * {@code <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>}.
 */
public class Ec2QueryProtocol implements WireProtocol {

    public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final String namespace;

    public Ec2QueryProtocol() {
        this(NAMESPACE);
    }

    public Ec2QueryProtocol(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public String operation(CloudRequest request) {
        String action = request.formParam("Action");
        return action == null || action.isBlank() ? null : action;
    }

    /** A success response: {@code <requestId>} then whatever the writer adds. */
    public CloudResponse respond(CloudRequest request, Consumer<XmlWriter> members) {
        XmlWriter xml = XmlWriter.document().start(request.operation() + "Response", namespace);
        xml.element("requestId", request.requestId());
        members.accept(xml);
        return CloudResponse.of(200, QueryProtocol.CONTENT_TYPE, xml.end().toBytes());
    }

    @Override
    public CloudResponse error(CloudRequest request, CloudException error) {
        XmlWriter xml = XmlWriter.document().start("Response");
        xml.element("Errors", errors -> errors.element("Error", e -> {
            e.element("Code", error.code());
            e.element("Message", error.getMessage());
        }));
        xml.element("RequestID", request.requestId());
        return CloudResponse.of(error.httpStatus(), QueryProtocol.CONTENT_TYPE, xml.end().toBytes());
    }

    @Override
    public CloudException unsupportedOperation(String serviceName, String operation) {
        return new CloudException("InvalidAction", 400, WireProtocol.unsupportedMessage(serviceName, operation));
    }
}
