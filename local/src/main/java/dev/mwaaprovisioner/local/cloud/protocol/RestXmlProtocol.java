package dev.mwaaprovisioner.local.cloud.protocol;

import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The REST-XML protocol (S3): method, path and query name the operation; XML bodies; errors are
 * {@code <Error><Code/><Message/>...<RequestId/><HostId/></Error>}, with no body for HEAD.
 */
public class RestXmlProtocol implements WireProtocol {

    public static final String CONTENT_TYPE = "application/xml";

    private final String namespace;
    private final Function<CloudRequest, String> operationResolver;

    /**
     * @param namespace         default namespace of response documents (S3: {@code http://s3.amazonaws.com/doc/2006-03-01/})
     * @param operationResolver names the operation of a request, or null when it names none
     */
    public RestXmlProtocol(String namespace, Function<CloudRequest, String> operationResolver) {
        this.namespace = namespace;
        this.operationResolver = operationResolver;
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public String operation(CloudRequest request) {
        return operationResolver.apply(request);
    }

    /** A 200 response whose root element (in the namespace) the writer fills in. */
    public CloudResponse respond(CloudRequest request, String rootElement, Consumer<XmlWriter> body) {
        XmlWriter xml = XmlWriter.document().start(rootElement, namespace);
        body.accept(xml);
        return withIds(CloudResponse.of(200, CONTENT_TYPE, xml.end().toBytes()), request);
    }

    /** A response without body, carrying the request-id headers. */
    public CloudResponse respondEmpty(CloudRequest request, int status) {
        return withIds(CloudResponse.empty(status), request);
    }

    public static CloudResponse withIds(CloudResponse response, CloudRequest request) {
        return response.header("x-amz-request-id", request.requestId()).header("x-amz-id-2", request.requestId());
    }

    @Override
    public CloudResponse error(CloudRequest request, CloudException error) {
        CloudResponse response;
        if ("HEAD".equals(request.method())) {
            response = CloudResponse.empty(error.httpStatus());
        } else {
            XmlWriter xml = XmlWriter.document().start("Error");
            xml.element("Code", error.code());
            xml.element("Message", error.getMessage());
            error.extraFields().forEach(xml::element);
            xml.element("RequestId", request.requestId());
            xml.element("HostId", request.requestId());
            response = CloudResponse.of(error.httpStatus(), CONTENT_TYPE, xml.end().toBytes());
        }
        return withIds(response, request);
    }

    @Override
    public CloudException unsupportedOperation(String serviceName, String operation) {
        return new CloudException("NotImplemented", 501, WireProtocol.unsupportedMessage(serviceName, operation));
    }
}
