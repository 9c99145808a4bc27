package dev.mwaaprovisioner.local.sam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code Globals} section, applied as SAM applies it: a property set on the resource replaces a
 * global scalar; maps are merged key by key (the resource's value wins, recursively, as for
 * {@code Environment.Variables}); lists are concatenated, the global items first. An intrinsic
 * function ({@code {"Ref": ...}}, {@code {"Fn::...": ...}}) counts as a scalar.
 *
 * <p>Only {@code Globals.Function} is supported locally; the properties SAM refuses in Globals
 * (for example {@code Policies}, {@code Role}, {@code Events}, {@code FunctionName}) are refused here too.
 */
final class SamGlobals {

    /** The properties SAM accepts under {@code Globals.Function}. */
    static final Set<String> FUNCTION_PROPERTIES = Set.of(
            "Handler", "Runtime", "CodeUri", "DeadLetterQueue", "Description", "MemorySize", "Timeout", "VpcConfig",
            "Environment", "Tags", "PropagateTags", "Tracing", "KmsKeyArn", "Layers", "AutoPublishAlias",
            "AutoPublishAliasAllProperties", "DeploymentPreference", "PermissionsBoundary",
            "ReservedConcurrentExecutions", "ProvisionedConcurrencyConfig", "AssumeRolePolicyDocument",
            "EventInvokeConfig", "Architectures", "EphemeralStorage", "SnapStart", "RuntimeManagementConfig",
            "LoggingConfig", "RecursiveLoop", "SourceKMSKeyArn", "FunctionUrlConfig", "CodeSigningConfigArn");

    private final Map<String, Object> function;

    private SamGlobals(Map<String, Object> function) {
        this.function = function;
    }

    static SamGlobals none() {
        return new SamGlobals(Map.of());
    }

    /** Reads and checks the {@code Globals} section (null when the template has none). */
    static SamGlobals read(Object section) {
        if (section == null) {
            return none();
        }
        Map<String, Object> globals = SamValues.map(section, "Globals");
        Map<String, Object> function = Map.of();
        for (Map.Entry<String, Object> entry : globals.entrySet()) {
            if (!"Function".equals(entry.getKey())) {
                throw SamTemplateException.unsupported("Globals", entry.getKey(),
                        "only Globals.Function is applied locally; set the properties on each resource");
            }
            function = SamValues.map(entry.getValue(), "Globals.Function");
        }
        for (String property : function.keySet()) {
            if (!FUNCTION_PROPERTIES.contains(property)) {
                throw SamTemplateException.invalid("Globals.Function", property,
                        "is not a property SAM accepts in Globals; set it on each AWS::Serverless::Function instead.");
            }
        }
        return new SamGlobals(function);
    }

    /** A function's properties with the globals applied. */
    Map<String, Object> applyToFunction(Map<String, Object> properties) {
        Object merged = merge(function, properties);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) merged;
        return result;
    }

    @SuppressWarnings("unchecked")
    static Object merge(Object global, Object local) {
        if (global instanceof Map<?, ?> g && local instanceof Map<?, ?> l && !isIntrinsic(g) && !isIntrinsic(l)) {
            Map<String, Object> merged = new LinkedHashMap<>();
            ((Map<String, Object>) g).forEach((key, value) ->
                    merged.put(key, l.containsKey(key) ? merge(value, l.get(key)) : value));
            ((Map<String, Object>) l).forEach(merged::putIfAbsent);
            return merged;
        }
        if (global instanceof List<?> g && local instanceof List<?> l) {
            List<Object> merged = new ArrayList<>(g);
            merged.addAll(l);
            return merged;
        }
        return local;
    }

    static boolean isIntrinsic(Map<?, ?> value) {
        if (value.size() != 1) {
            return false;
        }
        String key = String.valueOf(value.keySet().iterator().next());
        return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
    }
}
