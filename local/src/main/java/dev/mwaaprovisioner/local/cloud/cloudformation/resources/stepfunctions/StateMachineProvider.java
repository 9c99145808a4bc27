package dev.mwaaprovisioner.local.cloud.cloudformation.resources.stepfunctions;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.JSON;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourcePropertiesException;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachine;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import java.util.Map;

/**
 * {@code AWS::StepFunctions::StateMachine} in the local Step Functions. Ref: the state machine
 * ARN. The definition comes from {@code DefinitionString} or {@code Definition}, with each
 * {@code ${Key}} of {@code DefinitionSubstitutions} replaced as CloudFormation replaces it.
 * {@code LoggingConfiguration} is recorded (no logs are delivered locally); definitions in S3,
 * tracing and tags are refused.
 */
public final class StateMachineProvider implements ResourceProvider {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::StepFunctions::StateMachine")
            .required("RoleArn", STRING, IN_PLACE)
            .optional("DefinitionString", STRING, IN_PLACE)
            .optional("Definition", JSON, IN_PLACE)
            .optional("DefinitionSubstitutions", JSON, IN_PLACE)
            .optional("StateMachineName", STRING, REPLACEMENT)
            .optional("StateMachineType", STRING, REPLACEMENT)
            .optional("LoggingConfiguration", JSON, IN_PLACE)
            .unsupported("DefinitionS3Location", "EncryptionConfiguration", "Tags", "TracingConfiguration")
            .attributes("Arn", "Name", "StateMachineRevisionId")
            .build();

    private final ServiceContext cloud;

    public StateMachineProvider(ServiceContext cloud) {
        this.cloud = cloud;
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String name = properties.containsKey("StateMachineName") ? (String) properties.get("StateMachineName")
                : context.generatedName(80);
        StateMachine machine = cloud.service(StateMachines.class).create(context.region(), name,
                definition(context, properties), (String) properties.get("RoleArn"),
                (String) properties.get("StateMachineType"), json(properties.get("LoggingConfiguration")), null);
        return provisioned(machine);
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        StateMachine machine = cloud.service(StateMachines.class).update(current.physicalId(),
                definition(context, newProperties), (String) newProperties.get("RoleArn"),
                json(newProperties.get("LoggingConfiguration")), null);
        return provisioned(machine);
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        cloud.service(StateMachines.class).delete(resource.physicalId());
    }

    private static ProvisionedResource provisioned(StateMachine machine) {
        return ProvisionedResource.of(machine.arn(), Map.of("Arn", machine.arn(), "Name", machine.name(),
                "StateMachineRevisionId", machine.arn()));
    }

    /** The definition text with its substitutions applied. */
    static String definition(ResourceContext context, Map<String, Object> properties) {
        String text;
        if (properties.containsKey("DefinitionString") == properties.containsKey("Definition")) {
            throw new ResourcePropertiesException("State machine " + context.logicalId() + " needs exactly one of "
                    + "DefinitionString and Definition.");
        }
        try {
            text = properties.containsKey("DefinitionString") ? (String) properties.get("DefinitionString")
                    : MAPPER.writeValueAsString(properties.get("Definition"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Object substitutions = properties.get("DefinitionSubstitutions");
        if (substitutions == null) {
            return text;
        }
        if (!(substitutions instanceof Map<?, ?> values)) {
            throw new ResourcePropertiesException("DefinitionSubstitutions of " + context.logicalId()
                    + " must be a mapping of names to values.");
        }
        return DefinitionSubstitutions.apply(text, values);
    }

    private static JsonNode json(Object value) {
        return value == null ? null : MAPPER.valueToTree(value);
    }
}
