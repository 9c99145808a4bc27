package dev.mwaaprovisioner.local.cloud.mwaa;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects violations of the API model's constraints (required, length, range, pattern, enum)
 * and reports them all at once, worded as AWS front ends word them:
 * {@code 1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: ...}.
 * Member paths are the model's member names with a lower-case first letter, as AWS prints them.
 */
final class ConstraintViolations {

    private final List<String> violations = new ArrayList<>();

    void requireNonNull(Object value, String path) {
        if (value == null) {
            violations.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
        }
    }

    /** Length and pattern of a string member; {@code pattern} may be null. Sensitive values are not echoed. */
    void checkString(String value, String path, int min, int max, Pattern pattern, boolean sensitive) {
        if (value == null) {
            return;
        }
        String shown = sensitive ? "***" : value;
        if (value.length() < min) {
            add(shown, path, "Member must have length greater than or equal to " + min);
        }
        if (value.length() > max) {
            add(shown, path, "Member must have length less than or equal to " + max);
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            add(shown, path, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
    }

    void checkRange(Integer value, String path, Integer min, Integer max) {
        if (value == null) {
            return;
        }
        if (min != null && value < min) {
            add(String.valueOf(value), path, "Member must have value greater than or equal to " + min);
        }
        if (max != null && value > max) {
            add(String.valueOf(value), path, "Member must have value less than or equal to " + max);
        }
    }

    void checkEnum(String value, String path, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            add(value, path, "Member must satisfy enum value set: " + allowed);
        }
    }

    void checkSize(int size, String shown, String path, int min, int max) {
        if (size < min) {
            add(shown, path, "Member must have length greater than or equal to " + min);
        }
        if (size > max) {
            add(shown, path, "Member must have length less than or equal to " + max);
        }
    }

    /** A violation found on one element of a list or map: reported against the whole member. */
    void addNested(String shown, String path, String what, String constraint) {
        add(shown, path, what + " must satisfy constraint: [" + constraint + "]");
    }

    void add(String shownValue, String path, String constraint) {
        violations.add("Value '" + shownValue + "' at '" + path + "' failed to satisfy constraint: " + constraint);
    }

    boolean isEmpty() {
        return violations.isEmpty();
    }

    /** Throws a {@code ValidationException} listing every violation, if there is any. */
    void throwIfAny() {
        if (violations.isEmpty()) {
            return;
        }
        int n = violations.size();
        String head = n + " validation error" + (n == 1 ? "" : "s") + " detected: ";
        throw MwaaException.validation(head + String.join("; ", violations));
    }
}
