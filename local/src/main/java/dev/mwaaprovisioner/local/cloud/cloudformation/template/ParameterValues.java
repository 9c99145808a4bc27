package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The parameter values of a stack: those given with the request, else the stack's previous values
 * ({@code UsePreviousValue}), else the template defaults — each checked against its declaration.
 *
 * @param raw the value of each parameter as given (a list as comma-separated text)
 * @param values the value of each parameter for {@code Ref}: a String, or a List of Strings
 */
public record ParameterValues(Map<String, String> raw, Map<String, Object> values) {

    public ParameterValues {
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Resolves the values for a template.
     *
     * @param given values from the request
     * @param usePrevious names whose previous value is kept
     * @param previous the stack's current raw values (empty for a new stack)
     */
    public static ParameterValues resolve(Template template, Map<String, String> given, Set<String> usePrevious,
            Map<String, String> previous) {
        Map<String, ParameterDeclaration> declared = template.parameters();
        if (declared.isEmpty() && (!given.isEmpty() || !usePrevious.isEmpty())) {
            throw new TemplateException("Parameter values specified for a template which does not require them.");
        }
        List<String> unknown = new ArrayList<>();
        given.keySet().stream().filter(k -> !declared.containsKey(k)).forEach(unknown::add);
        usePrevious.stream().filter(k -> !declared.containsKey(k)).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw new TemplateException("Parameters: " + unknown + " do not exist in the template");
        }
        Map<String, String> raw = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (ParameterDeclaration parameter : declared.values()) {
            String name = parameter.name();
            String value;
            if (usePrevious.contains(name)) {
                value = previous.get(name);
                if (value == null) {
                    throw new TemplateException("Invalid input for parameter key " + name
                            + ". Cannot specify usePreviousValue as true for a parameter key not in the previous"
                            + " template");
                }
            } else if (given.containsKey(name)) {
                value = given.get(name);
            } else {
                value = parameter.defaultValue();
            }
            if (value == null) {
                missing.add(name);
            } else {
                raw.put(name, value);
            }
        }
        if (!missing.isEmpty()) {
            throw new TemplateException("Parameters: " + missing + " must have values");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParameterDeclaration parameter : declared.values()) {
            values.put(parameter.name(), check(parameter, raw.get(parameter.name())));
        }
        return new ParameterValues(raw, values);
    }

    /** Checks a value against the declaration's type and constraints; returns the value for {@code Ref}. */
    static Object check(ParameterDeclaration parameter, String value) {
        String name = parameter.name();
        List<String> elements = parameter.isList()
                ? (value.isEmpty() ? List.of() : Arrays.stream(value.split(",", -1)).map(String::trim).toList())
                : List.of(value);
        for (String element : elements) {
            checkElement(parameter, name, element);
        }
        if (parameter.isList()) {
            return elements;
        }
        return value;
    }

    private static void checkElement(ParameterDeclaration parameter, String name, String value) {
        if (parameter.isNumber()) {
            BigDecimal number;
            try {
                number = new BigDecimal(value.trim());
            } catch (NumberFormatException e) {
                throw new TemplateException("Parameter '" + name + "' must be a number");
            }
            if (parameter.minValue() != null && number.compareTo(parameter.minValue()) < 0) {
                throw constraint(parameter, "Parameter '" + name + "' must be a number not less than "
                        + parameter.minValue().toPlainString());
            }
            if (parameter.maxValue() != null && number.compareTo(parameter.maxValue()) > 0) {
                throw constraint(parameter, "Parameter '" + name + "' must be a number not greater than "
                        + parameter.maxValue().toPlainString());
            }
        }
        if (parameter.allowedValues() != null && !parameter.allowedValues().contains(value)) {
            throw constraint(parameter, "Parameter '" + name + "' must be one of AllowedValues");
        }
        if (parameter.minLength() != null && value.length() < parameter.minLength()) {
            throw constraint(parameter, "Parameter '" + name + "' must contain at least " + parameter.minLength()
                    + " characters");
        }
        if (parameter.maxLength() != null && value.length() > parameter.maxLength()) {
            throw constraint(parameter, "Parameter '" + name + "' must contain at most " + parameter.maxLength()
                    + " characters");
        }
        if (parameter.allowedPattern() != null) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(parameter.allowedPattern());
            } catch (PatternSyntaxException e) {
                throw TemplateException.format("Parameter " + name + " has an invalid AllowedPattern: "
                        + e.getDescription());
            }
            if (!pattern.matcher(value).matches()) {
                throw constraint(parameter, "Parameter '" + name + "' must match pattern "
                        + parameter.allowedPattern());
            }
        }
    }

    /** With a ConstraintDescription, CloudFormation shows it instead of the generic constraint message. */
    private static TemplateException constraint(ParameterDeclaration parameter, String generic) {
        if (parameter.constraintDescription() != null) {
            return new TemplateException("Parameter " + parameter.name() + " failed to satisfy constraint: "
                    + parameter.constraintDescription());
        }
        return new TemplateException(generic);
    }
}
