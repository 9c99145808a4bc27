package dev.mwaaprovisioner.local.cloud.iam;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS managed policies the local IAM knows, by path and name. Roles can have them attached;
 * any other policy ARN (customer managed policies are not emulated) does not exist, as IAM says of
 * a policy it does not have.
 */
public final class AwsManagedPolicies {

    /** What SAM attaches to every function role it creates. */
    public static final String LAMBDA_BASIC_EXECUTION = "service-role/AWSLambdaBasicExecutionRole";

    private static final Set<String> KNOWN = Set.of(LAMBDA_BASIC_EXECUTION);
    private static final Pattern AWS_MANAGED = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::aws:policy/(.+)");

    private AwsManagedPolicies() {
    }

    /** The path and name ({@code service-role/AWSLambdaBasicExecutionRole}) of a known policy's ARN. */
    static Optional<String> known(String policyArn) {
        Matcher m = policyArn == null ? null : AWS_MANAGED.matcher(policyArn);
        if (m == null || !m.matches() || !KNOWN.contains(m.group(2))) {
            return Optional.empty();
        }
        return Optional.of(m.group(2));
    }

    /** The policy's name: the last element of its path. */
    static String name(String policyArn) {
        return policyArn.substring(policyArn.lastIndexOf('/') + 1);
    }
}
