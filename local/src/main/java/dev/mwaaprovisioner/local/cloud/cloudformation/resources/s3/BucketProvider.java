package dev.mwaaprovisioner.local.cloud.cloudformation.resources.s3;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.BOOLEAN;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.INTEGER;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourcePropertiesException;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.s3.LifecycleRule;
import dev.mwaaprovisioner.local.cloud.s3.S3Bucket;
import dev.mwaaprovisioner.local.cloud.s3.S3Store;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code AWS::S3::Bucket}. Ref: the bucket name. Versioning, the public access block and EventBridge
 * notifications are applied to the local S3. Default encryption and object ownership are accepted
 * at the values every S3 bucket has had by default since 2023 (SSE-S3 {@code AES256},
 * {@code BucketOwnerEnforced}), which the local S3 keeps; any other value, and every other bucket
 * feature (lifecycle, replication, website, other notification targets, tags...), is refused.
 */
public final class BucketProvider implements ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::S3::Bucket")
            .optional("BucketName", STRING, REPLACEMENT)
            .object("VersioningConfiguration", ResourceSchema.builder("VersioningConfiguration")
                    .required("Status", STRING, IN_PLACE).build(), IN_PLACE)
            .object("PublicAccessBlockConfiguration", ResourceSchema.builder("PublicAccessBlockConfiguration")
                    .optional("BlockPublicAcls", BOOLEAN, IN_PLACE)
                    .optional("BlockPublicPolicy", BOOLEAN, IN_PLACE)
                    .optional("IgnorePublicAcls", BOOLEAN, IN_PLACE)
                    .optional("RestrictPublicBuckets", BOOLEAN, IN_PLACE).build(), IN_PLACE)
            .object("BucketEncryption", ResourceSchema.builder("BucketEncryption")
                    .requiredList("ServerSideEncryptionConfiguration", ResourceSchema.builder("ServerSideEncryptionRule")
                            .object("ServerSideEncryptionByDefault", ResourceSchema.builder("ServerSideEncryptionByDefault")
                                    .required("SSEAlgorithm", STRING, IN_PLACE)
                                    .optional("KMSMasterKeyID", STRING, IN_PLACE).build(), IN_PLACE)
                            .optional("BucketKeyEnabled", BOOLEAN, IN_PLACE).build(), IN_PLACE).build(), IN_PLACE)
            .object("OwnershipControls", ResourceSchema.builder("OwnershipControls")
                    .requiredList("Rules", ResourceSchema.builder("OwnershipControlsRule")
                            .required("ObjectOwnership", STRING, IN_PLACE).build(), IN_PLACE).build(), IN_PLACE)
            .object("NotificationConfiguration", ResourceSchema.builder("NotificationConfiguration")
                    .object("EventBridgeConfiguration", ResourceSchema.builder("EventBridgeConfiguration")
                            .required("EventBridgeEnabled", BOOLEAN, IN_PLACE).build(), IN_PLACE)
                    .unsupported("LambdaConfigurations", "QueueConfigurations", "TopicConfigurations").build(), IN_PLACE)
            // Prefix filters and expiry actions: what the config bucket's housekeeping needs.
            .object("LifecycleConfiguration", ResourceSchema.builder("LifecycleConfiguration")
                    .requiredList("Rules", ResourceSchema.builder("Rule")
                            .optional("Id", STRING, IN_PLACE)
                            .required("Status", STRING, IN_PLACE)
                            .optional("Prefix", STRING, IN_PLACE)
                            .optional("ExpirationInDays", INTEGER, IN_PLACE)
                            .object("NoncurrentVersionExpiration", ResourceSchema.builder("NoncurrentVersionExpiration")
                                    .required("NoncurrentDays", INTEGER, IN_PLACE)
                                    .unsupported("NewerNoncurrentVersions").build(), IN_PLACE)
                            .object("AbortIncompleteMultipartUpload", ResourceSchema.builder("AbortIncompleteMultipartUpload")
                                    .required("DaysAfterInitiation", INTEGER, IN_PLACE).build(), IN_PLACE)
                            .unsupported("ExpirationDate", "ExpiredObjectDeleteMarker", "NoncurrentVersionExpirationInDays",
                                    "NoncurrentVersionTransition", "NoncurrentVersionTransitions", "ObjectSizeGreaterThan",
                                    "ObjectSizeLessThan", "TagFilters", "Transition", "Transitions").build(), IN_PLACE)
                    .unsupported("TransitionDefaultMinimumObjectSize").build(), IN_PLACE)
            .unsupported("AccelerateConfiguration", "AccessControl", "AnalyticsConfigurations", "CorsConfiguration",
                    "IntelligentTieringConfigurations", "InventoryConfigurations",
                    "LoggingConfiguration", "MetadataTableConfiguration", "MetricsConfigurations",
                    "ObjectLockConfiguration", "ObjectLockEnabled", "ReplicationConfiguration", "Tags",
                    "WebsiteConfiguration")
            .attributes("Arn", "DomainName", "DualStackDomainName", "RegionalDomainName", "WebsiteURL")
            .build();

    private final ServiceContext cloud;

    public BucketProvider(ServiceContext cloud) {
        this.cloud = cloud;
    }

    private S3Store store() {
        return cloud.service(S3Store.class);
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        checkDefaults(properties);
        String given = (String) properties.get("BucketName");
        String name = given != null ? given : context.generatedName(63).toLowerCase(Locale.ROOT);
        if (store().findBucket(name).isPresent()) {
            throw new CloudException("BucketAlreadyOwnedByYou", 409, name + " already exists");
        }
        store().createBucket(name, context.region());
        try {
            apply(name, Map.of(), properties);
        } catch (RuntimeException e) {
            store().deleteBucket(name); // a failed create leaves nothing behind
            throw e;
        }
        return provisioned(name, context.region());
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        checkDefaults(newProperties);
        apply(current.physicalId(), oldProperties, newProperties);
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        if (store().findBucket(resource.physicalId()).isPresent()) {
            store().deleteBucket(resource.physicalId()); // BucketNotEmpty fails the delete, as in CloudFormation
        }
    }

    @SuppressWarnings("unchecked")
    private void apply(String name, Map<String, Object> oldProperties, Map<String, Object> properties) {
        S3Store store = store();
        Map<String, Object> versioning = (Map<String, Object>) properties.get("VersioningConfiguration");
        if (versioning != null) {
            store.setVersioning(name, (String) versioning.get("Status"));
        } else if (oldProperties.containsKey("VersioningConfiguration")) {
            store.setVersioning(name, "Suspended"); // a versioned bucket cannot go back to unversioned
        }
        Map<String, Object> block = (Map<String, Object>) properties.get("PublicAccessBlockConfiguration");
        if (block != null) {
            store.putPublicAccessBlock(name, new S3Bucket.PublicAccessBlock(flag(block, "BlockPublicAcls"),
                    flag(block, "IgnorePublicAcls"), flag(block, "BlockPublicPolicy"), flag(block, "RestrictPublicBuckets")));
        } else if (oldProperties.containsKey("PublicAccessBlockConfiguration")) {
            store.deletePublicAccessBlock(name);
        }
        Map<String, Object> lifecycle = (Map<String, Object>) properties.get("LifecycleConfiguration");
        store.setLifecycle(name, lifecycle == null ? List.of() : lifecycleRules(lifecycle));
        Map<String, Object> notification = (Map<String, Object>) properties.get("NotificationConfiguration");
        Map<String, Object> eventBridge = notification == null ? null
                : (Map<String, Object>) notification.get("EventBridgeConfiguration");
        store.setEventBridgeEnabled(name, eventBridge != null && !Boolean.FALSE.equals(eventBridge.get("EventBridgeEnabled")));
    }

    @SuppressWarnings("unchecked")
    private static List<LifecycleRule> lifecycleRules(Map<String, Object> lifecycle) {
        return ((List<Map<String, Object>>) lifecycle.get("Rules")).stream().map(rule -> new LifecycleRule(
                (String) rule.get("Id"), (String) rule.getOrDefault("Prefix", ""), (String) rule.get("Status"),
                (Integer) rule.get("ExpirationInDays"),
                days((Map<String, Object>) rule.get("NoncurrentVersionExpiration"), "NoncurrentDays"),
                days((Map<String, Object>) rule.get("AbortIncompleteMultipartUpload"), "DaysAfterInitiation"))).toList();
    }

    private static Integer days(Map<String, Object> action, String field) {
        return action == null ? null : (Integer) action.get(field);
    }

    private static boolean flag(Map<String, Object> block, String name) {
        return Boolean.TRUE.equals(block.get(name));
    }

    /** Encryption and ownership settings are accepted only at S3's defaults, which the local S3 keeps. */
    @SuppressWarnings("unchecked")
    private static void checkDefaults(Map<String, Object> properties) {
        Map<String, Object> encryption = (Map<String, Object>) properties.get("BucketEncryption");
        if (encryption != null) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) encryption.getOrDefault(
                    "ServerSideEncryptionConfiguration", List.of())) {
                Map<String, Object> byDefault = (Map<String, Object>) rule.get("ServerSideEncryptionByDefault");
                if (byDefault != null && !"AES256".equals(byDefault.get("SSEAlgorithm"))) {
                    throw new ResourcePropertiesException("BucketEncryption with SSEAlgorithm "
                            + byDefault.get("SSEAlgorithm") + " is not supported by the local cloud: it keeps S3's default "
                            + "encryption, SSE-S3 (AES256); use that, or deploy to AWS.");
                }
            }
        }
        Map<String, Object> ownership = (Map<String, Object>) properties.get("OwnershipControls");
        if (ownership != null) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) ownership.getOrDefault("Rules", List.of())) {
                if (!"BucketOwnerEnforced".equals(rule.get("ObjectOwnership"))) {
                    throw new ResourcePropertiesException("OwnershipControls with ObjectOwnership "
                            + rule.get("ObjectOwnership") + " is not supported by the local cloud: it keeps S3's default, "
                            + "BucketOwnerEnforced (ACLs disabled); use that, or deploy to AWS.");
                }
            }
        }
    }

    private static ProvisionedResource provisioned(String name, String region) {
        return ProvisionedResource.of(name, Map.of(
                "Arn", "arn:" + partition(region) + ":s3:::" + name,
                "DomainName", name + ".s3.amazonaws.com",
                "DualStackDomainName", name + ".s3.dualstack." + region + ".amazonaws.com",
                "RegionalDomainName", name + ".s3." + region + ".amazonaws.com",
                "WebsiteURL", "http://" + name + ".s3-website-" + region + ".amazonaws.com"));
    }

    static String partition(String region) {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }
}
