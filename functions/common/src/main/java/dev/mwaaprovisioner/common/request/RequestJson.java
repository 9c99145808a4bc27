package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** JSON form of the request model (PascalCase keys, API order, absent fields left out). */
final class RequestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RequestJson() {
    }

    static String write(ProvisioningRequest request, boolean pretty) {
        try {
            return pretty
                    ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(request)
                    : MAPPER.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            // The model holds only strings, numbers, enums, lists and maps: this cannot happen.
            throw new UncheckedIOException("cannot write the request as JSON", e);
        }
    }
}
