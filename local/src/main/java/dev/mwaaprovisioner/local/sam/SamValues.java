package dev.mwaaprovisioner.local.sam;

import java.util.List;
import java.util.Map;

/** Reading the plain values of a parsed template, with errors that name where the value is. */
final class SamValues {

    private SamValues() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new SamTemplateException(where + " must be a mapping, not " + describe(value) + ".");
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String where) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new SamTemplateException(where + " must be a list, not " + describe(value) + ".");
    }

    /** A literal string (not an intrinsic function). */
    static String string(Object value, String where) {
        if (value instanceof String s) {
            return s;
        }
        throw new SamTemplateException(where + " must be a literal string here, not " + describe(value) + ".");
    }

    /** A literal integer, as YAML or a quoted string gives it. */
    static int integer(Object value, String where, int min, int max) {
        long number;
        if (value instanceof Number n && n.doubleValue() == n.longValue()) {
            number = n.longValue();
        } else if (value instanceof String s && s.trim().matches("-?[0-9]{1,10}")) {
            number = Long.parseLong(s.trim());
        } else {
            throw new SamTemplateException(where + " must be a whole number from " + min + " to " + max + ", not "
                    + describe(value) + ".");
        }
        if (number < min || number > max) {
            throw new SamTemplateException(where + " is " + number + "; it must be from " + min + " to " + max + ".");
        }
        return (int) number;
    }

    static String describe(Object value) {
        if (value == null) {
            return "empty";
        }
        if (value instanceof Map<?, ?> map) {
            return SamGlobals.isIntrinsic(map) ? "the intrinsic function " + map.keySet().iterator().next() : "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "'" + value + "'";
    }
}
