package dev.mwaaprovisioner.local.cloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mwaaprovisioner.local.cloud.FaultInjector.OperationFault;
import dev.mwaaprovisioner.local.cloud.protocol.JsonProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.QueryProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.RestJsonProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.RestRoutes;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns each HTTP exchange into a {@link CloudRequest}, picks the service — by the signing name
 * of the SigV4 credential scope, else the X-Amz-Target prefix, else a path prefix; never by
 * Host, so MWAA's {@code api.} host prefix does not matter — applies injected operation faults
 * (those naming a caller only to requests whose User-Agent names that function),
 * and writes the service's response or its error in the service's protocol.
 */
final class RequestRouter implements HttpHandler {

    static final String CONTROL_PREFIX = "/_local/";

    private final LocalCloud cloud;
    private final ControlApi control;

    RequestRouter(LocalCloud cloud) {
        this.cloud = cloud;
        this.control = new ControlApi(cloud);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            CloudResponse response;
            try {
                response = route(exchange);
            } catch (RuntimeException e) {
                System.err.println("local cloud: request failed: " + e);
                e.printStackTrace();
                response = CloudResponse.of(500, "text/plain", "Internal error of the local cloud: " + e);
            }
            write(exchange, response);
        }
    }

    private CloudResponse route(HttpExchange exchange) throws IOException {
        CloudRequest request = read(exchange);
        if (request.rawPath().startsWith(CONTROL_PREFIX) && request.signingName() == null) {
            return control.handle(request);
        }
        CloudService service = selectService(request);
        if (service == null) {
            CloudResponse response = unknownService(request);
            log(request, null, response, response.header("x-amzn-ErrorType"));
            return response;
        }
        WireProtocol protocol = service.protocol();
        CloudResponse response;
        String errorCode = null;
        try {
            String operation = service.operation(request);
            if (operation == null) {
                throw protocol.unsupportedOperation(service.displayName(), describeUnnamedOperation(request));
            }
            request = request.withOperation(operation);
            cloud.faults().passHolds(service.signingName(), operation, RequestLog.caller(request.header("User-Agent")));
            OperationFault fault = cloud.faults().takeOperationFault(service.signingName(), operation,
                    RequestLog.caller(request.header("User-Agent"))).orElse(null);
            if (fault != null) {
                throw new CloudException(fault.errorCode(), fault.httpStatus(), fault.message());
            }
            response = service.handle(request);
        } catch (CloudException e) {
            errorCode = e.code();
            response = protocol.error(request, e);
            e.headers().forEach(response::header);
        } catch (RuntimeException e) {
            System.err.println("local cloud: " + service.displayName() + " failed on " + request.operation() + ": " + e);
            e.printStackTrace();
            errorCode = "InternalFailure";
            response = protocol.error(request, new CloudException("InternalFailure", 500,
                    service.displayName() + " failed in the local cloud: " + e, false));
        }
        log(request, service, response, errorCode);
        return response;
    }

    private void log(CloudRequest request, CloudService service, CloudResponse response, String errorCode) {
        cloud.requestLog().record(cloud.clock().now(), service == null ? request.signingName() : service.signingName(),
                request.operation(), request, response.status(), errorCode);
    }

    private CloudRequest read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = exchange.getRequestHeaders();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        CloudRequest.Builder builder = CloudRequest.builder()
                .method(exchange.getRequestMethod())
                .rawPath(exchange.getRequestURI().getRawPath())
                .rawQuery(rawQuery)
                .requestId(UUID.randomUUID().toString())
                .accountId(LocalCloud.ACCOUNT_ID);
        String sha256 = first(headers, "x-amz-content-sha256");
        String encoding = first(headers, "Content-Encoding");
        boolean chunked = AwsChunkedDecoder.applies(sha256, encoding);
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (chunked && h.getKey().equalsIgnoreCase("Content-Encoding")) {
                String rest = stripAwsChunked(h.getValue().get(0));
                if (!rest.isEmpty()) {
                    builder.header("Content-Encoding", rest);
                }
            } else if (chunked && h.getKey().equalsIgnoreCase("Content-Length")) {
                continue;
            } else {
                h.getValue().forEach(v -> builder.header(h.getKey(), v));
            }
        }
        if (chunked) {
            body = AwsChunkedDecoder.decode(body);
            builder.header("Content-Length", Integer.toString(body.length));
        }
        builder.body(body);
        CloudRequest unsigned = builder.build();
        SignatureScope scope = SignatureScope.of(first(headers, "Authorization"),
                unsigned.queryParam("X-Amz-Credential"), first(headers, "X-Amz-Region-Set"));
        builder.signingName(scope.signingName());
        builder.region(scope.region() == null ? cloud.defaultRegion() : scope.region());
        return builder.build();
    }

    private CloudService selectService(CloudRequest request) {
        List<CloudService> services = cloud.services();
        if (request.signingName() != null) {
            for (CloudService s : services) {
                if (s.signingName().equalsIgnoreCase(request.signingName())) {
                    return s;
                }
            }
            return null;
        }
        String target = request.target();
        if (target != null) {
            int dot = target.indexOf('.');
            String prefix = dot < 0 ? target : target.substring(0, dot);
            for (CloudService s : services) {
                if (s.targetPrefixes().contains(prefix)) {
                    return s;
                }
            }
            return null;
        }
        for (CloudService s : services) {
            for (String prefix : s.pathPrefixes()) {
                if (request.rawPath().startsWith(prefix)) {
                    return s;
                }
            }
        }
        return null;
    }

    /** The error for a request no served service takes, in the protocol the request looks like. */
    private CloudResponse unknownService(CloudRequest request) {
        String what;
        if (request.signingName() != null) {
            what = "Service '" + request.signingName() + "' is not supported by the local cloud";
        } else if (request.target() != null) {
            what = "No service of the local cloud takes X-Amz-Target " + request.target();
        } else {
            what = "The request is not SigV4-signed and names no service (no X-Amz-Target, no known path)";
        }
        String message = what + " (operation " + describeUnnamedOperation(request) + "); served: "
                + String.join(", ", cloud.signingNames());
        WireProtocol protocol;
        CloudException error;
        if (request.target() != null) {
            protocol = new JsonProtocol("1.1", "");
            error = new CloudException("UnknownOperationException", 400, message);
        } else if (request.formParam("Action") != null) {
            protocol = new QueryProtocol(null);
            error = new CloudException("InvalidAction", 400, message);
        } else {
            protocol = new RestJsonProtocol(new RestRoutes());
            error = new CloudException("UnknownOperationException", 404, message);
        }
        return protocol.error(request, error);
    }

    private static String describeUnnamedOperation(CloudRequest request) {
        if (request.formParam("Action") != null) {
            return request.formParam("Action");
        }
        if (request.target() != null) {
            String t = request.target();
            return t.substring(t.lastIndexOf('.') + 1);
        }
        return request.method() + " " + request.rawPath();
    }

    private static String stripAwsChunked(String encoding) {
        List<String> kept = new ArrayList<>();
        for (String part : encoding.split(",")) {
            if (!part.trim().equalsIgnoreCase("aws-chunked") && !part.isBlank()) {
                kept.add(part.trim());
            }
        }
        return String.join(",", kept);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
                return h.getValue().get(0);
            }
        }
        return null;
    }

    private static void write(HttpExchange exchange, CloudResponse response) throws IOException {
        response.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, new ArrayList<>(values)));
        byte[] body = response.body();
        boolean noBody = exchange.getRequestMethod().equalsIgnoreCase("HEAD")
                || response.status() == 204 || response.status() == 304 || body.length == 0;
        if (noBody) {
            // For HEAD, a Content-Length the service set (HeadObject's object size) stays as is;
            // otherwise the server writes Content-Length: 0 itself.
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
