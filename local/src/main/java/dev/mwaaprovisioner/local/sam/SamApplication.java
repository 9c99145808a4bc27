package dev.mwaaprovisioner.local.sam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SAM application after the local transform: the plain CloudFormation template to deploy and
 * the functions it defines, by logical ID.
 */
public record SamApplication(Map<String, Object> template, Map<String, SamFunction> functions) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SamApplication {
        template = Collections.unmodifiableMap(new LinkedHashMap<>(template));
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    /** The template as a CloudFormation template body (JSON). */
    public String templateBody() {
        try {
            return JSON.writeValueAsString(template);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The transformed template cannot be written as JSON", e);
        }
    }

    public Optional<SamFunction> function(String logicalId) {
        return Optional.ofNullable(functions.get(logicalId));
    }
}
