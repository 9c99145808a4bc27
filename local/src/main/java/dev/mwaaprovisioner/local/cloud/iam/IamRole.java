package dev.mwaaprovisioner.local.cloud.iam;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of an IAM role. Policy documents are held as the caller sent them (decoded);
 * the API encodes them on the way out, as IAM does.
 *
 * @param inlinePolicies policy name → document, in the order they were put
 * @param tags           tag key → value, in the order they were added
 */
public record IamRole(
        String name,
        String path,
        String roleId,
        String arn,
        Instant createDate,
        String assumeRolePolicyDocument,
        String description,
        int maxSessionDuration,
        Map<String, String> tags,
        Map<String, String> inlinePolicies,
        boolean serviceLinked) {

    public IamRole {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        inlinePolicies = Collections.unmodifiableMap(new LinkedHashMap<>(inlinePolicies));
    }
}
