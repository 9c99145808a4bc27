package dev.mwaaprovisioner.local.cloud.cloudformation.resources.stepfunctions;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourcePropertiesException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code DefinitionSubstitutions} as CloudFormation applies them to a state machine definition:
 * each {@code ${Key}} that names a substitution is replaced by its value (a string, number or
 * boolean); other placeholders stay as written.
 */
public final class DefinitionSubstitutions {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private DefinitionSubstitutions() {
    }

    public static String apply(String definition, Map<?, ?> values) {
        Matcher m = PLACEHOLDER.matcher(definition);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = values.get(m.group(1));
            if (value instanceof Map || value instanceof List) {
                throw new ResourcePropertiesException("DefinitionSubstitutions." + m.group(1)
                        + " must be a string, number or boolean.");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
