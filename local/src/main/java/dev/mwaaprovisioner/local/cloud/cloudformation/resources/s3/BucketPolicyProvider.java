package dev.mwaaprovisioner.local.cloud.cloudformation.resources.s3;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.JSON;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.s3.S3Store;
import java.util.Map;

/** {@code AWS::S3::BucketPolicy}: the bucket's policy document. Ref: the bucket name. */
public final class BucketPolicyProvider implements ResourceProvider {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::S3::BucketPolicy")
            .required("Bucket", STRING, REPLACEMENT)
            .required("PolicyDocument", JSON, IN_PLACE)
            .build();

    private final ServiceContext cloud;

    public BucketPolicyProvider(ServiceContext cloud) {
        this.cloud = cloud;
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String bucket = (String) properties.get("Bucket");
        cloud.service(S3Store.class).setPolicy(bucket, document(properties));
        return ProvisionedResource.of(bucket, Map.of());
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        cloud.service(S3Store.class).setPolicy(current.physicalId(), document(newProperties));
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        S3Store store = cloud.service(S3Store.class);
        if (store.findBucket(resource.physicalId()).isPresent()) {
            store.setPolicy(resource.physicalId(), null);
        }
    }

    private static String document(Map<String, Object> properties) {
        try {
            return MAPPER.writeValueAsString(properties.get("PolicyDocument"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
