package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates intrinsic functions ({@code Ref}, {@code Fn::Sub}, {@code Fn::GetAtt}, {@code Fn::If},
 * ...) in a template fragment against a stack's values, and evaluates the {@code Conditions}
 * section. {@code Ref: AWS::NoValue} removes the property or list element that holds it.
 */
public final class Intrinsics {

    /** The value of {@code Ref: AWS::NoValue}: removed from the map or list that holds it. */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    /** Functions allowed where values are computed (Resources, Outputs, Conditions' operands). */
    static final Set<String> VALUE_FUNCTIONS = Set.of("Ref", "Fn::Base64", "Fn::Cidr", "Fn::FindInMap",
            "Fn::GetAtt", "Fn::GetAZs", "Fn::If", "Fn::ImportValue", "Fn::Join", "Fn::Select", "Fn::Split",
            "Fn::Sub");
    /** Functions that compute a condition; only in the Conditions section and in each other. */
    static final Set<String> CONDITION_FUNCTIONS = Set.of("Fn::And", "Fn::Equals", "Fn::Not", "Fn::Or", "Condition");

    private final Template template;
    private final ReferenceResolver resolver;
    private final String region;
    private final Map<String, Boolean> conditionValues = new HashMap<>();
    private final List<String> conditionsInProgress = new ArrayList<>();

    public Intrinsics(Template template, ReferenceResolver resolver, String region) {
        this.template = template;
        this.resolver = resolver;
        this.region = region;
    }

    /** Every condition of the template, evaluated. */
    public Map<String, Boolean> conditions() {
        Map<String, Boolean> all = new LinkedHashMap<>();
        template.conditions().keySet().forEach(name -> all.put(name, condition(name)));
        return all;
    }

    /** The value of a named condition. */
    public boolean condition(String name) {
        Boolean known = conditionValues.get(name);
        if (known != null) {
            return known;
        }
        if (!template.conditions().containsKey(name)) {
            throw TemplateException.format("Unresolved condition dependency " + name + " in Fn::If or Condition");
        }
        if (conditionsInProgress.contains(name)) {
            throw TemplateException.format("Circular dependency between conditions: " + conditionsInProgress);
        }
        conditionsInProgress.add(name);
        try {
            boolean value = conditionValue(template.conditions().get(name), name);
            conditionValues.put(name, value);
            return value;
        } finally {
            conditionsInProgress.remove(name);
        }
    }

    /**
     * Evaluates a fragment: the result holds only plain maps, lists and scalars. The whole fragment
     * may evaluate to {@link #NO_VALUE}.
     */
    public Object evaluate(Object node) {
        if (node instanceof Map<?, ?> map) {
            String function = functionName(map);
            if (function != null) {
                return function(function, map.values().iterator().next());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                Object evaluated = evaluate(value);
                if (evaluated != NO_VALUE) {
                    result.put(String.valueOf(key), evaluated);
                }
            });
            return result;
        }
        if (node instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            for (Object item : list) {
                Object evaluated = evaluate(item);
                if (evaluated != NO_VALUE) {
                    result.add(evaluated);
                }
            }
            return result;
        }
        return node;
    }

    /** The name of the intrinsic function a one-key map calls, or null for a plain map. */
    static String functionName(Map<?, ?> map) {
        if (map.size() != 1) {
            return null;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        if ("Ref".equals(key) || key.startsWith("Fn::")) {
            if (!VALUE_FUNCTIONS.contains(key) && !CONDITION_FUNCTIONS.contains(key)) {
                throw TemplateException.format("Encountered unsupported function: " + key
                        + " Supported functions are: " + new java.util.TreeSet<>(VALUE_FUNCTIONS)
                        + " and, in Conditions, " + new java.util.TreeSet<>(CONDITION_FUNCTIONS));
            }
            return key;
        }
        return null;
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> ref(argument);
            case "Fn::GetAtt" -> getAtt(argument);
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> join(argument);
            case "Fn::Select" -> select(argument);
            case "Fn::Split" -> split(argument);
            case "Fn::GetAZs" -> getAzs(argument);
            case "Fn::If" -> ifThenElse(argument);
            case "Fn::FindInMap" -> findInMap(argument);
            case "Fn::ImportValue" -> resolver.importValue(string(evaluate(argument), "Fn::ImportValue"));
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(
                    string(evaluate(argument), "Fn::Base64").getBytes(StandardCharsets.UTF_8));
            case "Fn::Cidr" -> cidr(argument);
            default -> throw TemplateException.error(name + " can only be used in the Conditions section,"
                    + " or in the condition of Fn::If as a condition name.");
        };
    }

    private Object ref(Object argument) {
        if (!(argument instanceof String name)) {
            throw TemplateException.error("Ref takes the name of a parameter or resource (a string), got "
                    + describe(argument));
        }
        if ("AWS::NoValue".equals(name)) {
            return NO_VALUE;
        }
        Object value = resolver.parameter(name);
        if (value != null) {
            return value;
        }
        if (template.resources().containsKey(name)) {
            return resolver.ref(name);
        }
        throw TemplateException.format("Unresolved resource dependencies [" + name
                + "] in the Resources block of the template");
    }

    private Object getAtt(Object argument) {
        List<?> parts = getAttParts(argument);
        String resource = string(parts.get(0), "Fn::GetAtt");
        String attribute = string(evaluate(parts.get(1)), "Fn::GetAtt");
        if (!template.resources().containsKey(resource)) {
            throw TemplateException.error("instance of Fn::GetAtt references undefined resource " + resource);
        }
        return resolver.attribute(resource, attribute);
    }

    static List<?> getAttParts(Object argument) {
        if (argument instanceof String dotted && dotted.indexOf('.') > 0) {
            int dot = dotted.indexOf('.');
            return List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
        }
        if (argument instanceof List<?> list && list.size() == 2 && list.get(0) instanceof String) {
            return list;
        }
        throw TemplateException.error("every Fn::GetAtt object requires two non-empty parameters: the resource name"
                + " and the attribute name, got " + describe(argument));
    }

    private String sub(Object argument) {
        String text;
        Map<String, Object> variables = new HashMap<>();
        if (argument instanceof String s) {
            text = s;
        } else if (argument instanceof List<?> list && list.size() == 2 && list.get(0) instanceof String s
                && list.get(1) instanceof Map<?, ?> map) {
            text = s;
            map.forEach((k, v) -> variables.put(String.valueOf(k), evaluate(v)));
        } else {
            throw TemplateException.error("One or more Fn::Sub intrinsic functions don't specify expected arguments."
                    + " Specify a string as first argument, and an optional second argument to specify a mapping"
                    + " of values to replace in the string");
        }
        return SubExpression.substitute(text, name -> {
            Object value;
            if (variables.containsKey(name)) {
                value = variables.get(name);
            } else if (resolver.parameter(name) != null) {
                value = resolver.parameter(name);
            } else if (template.resources().containsKey(name)) {
                value = resolver.ref(name);
            } else if (name.indexOf('.') > 0 && template.resources().containsKey(name.substring(0, name.indexOf('.')))) {
                int dot = name.indexOf('.');
                value = resolver.attribute(name.substring(0, dot), name.substring(dot + 1));
            } else {
                throw TemplateException.format("Unresolved resource dependencies [" + name
                        + "] in the Resources block of the template");
            }
            if (value instanceof List || value instanceof Map || value == NO_VALUE) {
                throw TemplateException.error("variable " + name + " in Fn::Sub expression does not resolve to a"
                        + " string");
            }
            return String.valueOf(value);
        });
    }

    private String join(Object argument) {
        if (!(argument instanceof List<?> args) || args.size() != 2) {
            throw joinError();
        }
        Object delimiter = evaluate(args.get(0));
        Object values = evaluate(args.get(1));
        if (!(delimiter instanceof String d) || !(values instanceof List<?> items)) {
            throw joinError();
        }
        List<String> parts = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Map || item instanceof List) {
                throw joinError();
            }
            parts.add(String.valueOf(item));
        }
        return String.join(d, parts);
    }

    private static TemplateException joinError() {
        return TemplateException.error("every Fn::Join object requires two parameters, (1) a string delimiter and"
                + " (2) a list of strings to be joined or a function that returns a list of strings (such as"
                + " Fn::GetAZs) to be joined.");
    }

    private Object select(Object argument) {
        if (!(argument instanceof List<?> args) || args.size() != 2) {
            throw TemplateException.error("Fn::Select requires a list argument with two elements: an integer index"
                    + " and a list");
        }
        Object indexValue = evaluate(args.get(0));
        Object listValue = evaluate(args.get(1));
        int index;
        try {
            index = new BigDecimal(String.valueOf(indexValue)).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw TemplateException.error("Fn::Select requires an integer index, got " + describe(indexValue));
        }
        if (!(listValue instanceof List<?> list)) {
            throw TemplateException.error("Fn::Select requires a list to select from, got " + describe(listValue));
        }
        if (index < 0 || index >= list.size()) {
            throw TemplateException.error("Fn::Select cannot select nonexistent value at index " + index);
        }
        return list.get(index);
    }

    private List<String> split(Object argument) {
        if (!(argument instanceof List<?> args) || args.size() != 2) {
            throw TemplateException.error("Fn::Split requires a list argument with two elements: a delimiter and a"
                    + " string");
        }
        String delimiter = string(evaluate(args.get(0)), "Fn::Split");
        String source = string(evaluate(args.get(1)), "Fn::Split");
        if (delimiter.isEmpty()) {
            throw TemplateException.error("Fn::Split requires a non-empty delimiter");
        }
        return List.of(source.split(java.util.regex.Pattern.quote(delimiter), -1));
    }

    private List<String> getAzs(Object argument) {
        Object value = evaluate(argument);
        String requested = value == null ? "" : string(value, "Fn::GetAZs");
        return resolver.availabilityZones(requested.isEmpty() ? region : requested);
    }

    private Object ifThenElse(Object argument) {
        if (!(argument instanceof List<?> args) || args.size() != 3 || !(args.get(0) instanceof String name)) {
            throw TemplateException.error("Fn::If requires a list argument with three elements: a condition name,"
                    + " the value if true and the value if false");
        }
        if (!template.conditions().containsKey(name)) {
            throw TemplateException.error("unresolved condition dependency " + name + " in Fn::If");
        }
        return evaluate(condition(name) ? args.get(1) : args.get(2));
    }

    private Object findInMap(Object argument) {
        if (!(argument instanceof List<?> args) || args.size() != 3) {
            throw TemplateException.error("Fn::FindInMap requires a list argument with three elements: the map"
                    + " name, the top-level key and the second-level key");
        }
        String map = string(evaluate(args.get(0)), "Fn::FindInMap");
        String top = string(evaluate(args.get(1)), "Fn::FindInMap");
        String second = string(evaluate(args.get(2)), "Fn::FindInMap");
        Object mapping = template.mappings().get(map);
        Object level = mapping instanceof Map<?, ?> m ? m.get(top) : null;
        Object value = level instanceof Map<?, ?> l ? l.get(second) : null;
        if (value == null) {
            throw TemplateException.error("Unable to get mapping for " + map + "::" + top + "::" + second);
        }
        return value;
    }

    private List<String> cidr(Object argument) {
        if (!(argument instanceof List<?> args) || args.size() != 3) {
            throw TemplateException.error("Fn::Cidr requires three parameters: the IP block, the count of CIDRs"
                    + " and the number of subnet bits");
        }
        String block = string(evaluate(args.get(0)), "Fn::Cidr");
        int count = integer(evaluate(args.get(1)), "Fn::Cidr count");
        int hostBits = integer(evaluate(args.get(2)), "Fn::Cidr cidrBits");
        return CidrFunction.cidrs(block, count, hostBits);
    }

    // ------------------------------------------------------------- conditions

    private boolean conditionValue(Object node, String context) {
        if (node instanceof Map<?, ?> map && map.size() == 1) {
            String key = String.valueOf(map.keySet().iterator().next());
            Object argument = map.values().iterator().next();
            switch (key) {
                case "Condition":
                    return condition(string(argument, "Condition"));
                case "Fn::Equals": {
                    if (!(argument instanceof List<?> args) || args.size() != 2) {
                        throw TemplateException.error("Fn::Equals requires a list of two values to compare");
                    }
                    return equalsValue(evaluate(args.get(0))).equals(equalsValue(evaluate(args.get(1))));
                }
                case "Fn::Not": {
                    if (!(argument instanceof List<?> args) || args.size() != 1) {
                        throw TemplateException.error("Fn::Not requires a list argument with one condition");
                    }
                    return !conditionValue(args.get(0), context);
                }
                case "Fn::And":
                case "Fn::Or": {
                    if (!(argument instanceof List<?> args) || args.size() < 2 || args.size() > 10) {
                        throw TemplateException.error(key + " requires a list of 2 to 10 conditions");
                    }
                    boolean and = "Fn::And".equals(key);
                    for (Object operand : args) {
                        boolean value = conditionValue(operand, context);
                        if (and != value) {
                            return value;
                        }
                    }
                    return and;
                }
                default:
                    break;
            }
        }
        if (node instanceof String name && template.conditions().containsKey(name)) {
            return condition(name);
        }
        throw TemplateException.format("Conditions can only be boolean operations on parameters and other"
                + " conditions: condition " + context + " is " + describe(node));
    }

    /** Fn::Equals compares values as CloudFormation does: scalars by their string form. */
    private static Object equalsValue(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(Intrinsics::equalsValue).toList();
        }
        return value instanceof Map ? value : String.valueOf(value);
    }

    // ------------------------------------------------------------- helpers

    private static String string(Object value, String function) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw TemplateException.error(function + " requires a string, got " + describe(value));
    }

    private static int integer(Object value, String what) {
        try {
            return new BigDecimal(String.valueOf(value)).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw TemplateException.error(what + " must be an integer, got " + describe(value));
        }
    }

    static String describe(Object value) {
        if (value instanceof Map) {
            return "a mapping " + value;
        }
        if (value instanceof List) {
            return "a list " + value;
        }
        return value == null ? "nothing" : "'" + value + "'";
    }
}
