package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The pseudo parameters CloudFormation defines for every stack. */
public final class PseudoParameters {

    public static final Set<String> NAMES = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    private PseudoParameters() {}

    /** The values for a stack (AWS::NoValue is handled by the evaluator). */
    public static Map<String, Object> values(String region, String accountId, String stackName, String stackId,
            List<String> notificationArns) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("AWS::AccountId", accountId);
        values.put("AWS::NotificationARNs", List.copyOf(notificationArns));
        values.put("AWS::Partition", partition(region));
        values.put("AWS::Region", region);
        values.put("AWS::StackId", stackId);
        values.put("AWS::StackName", stackName);
        values.put("AWS::URLSuffix", region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com");
        return values;
    }

    public static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }
}
