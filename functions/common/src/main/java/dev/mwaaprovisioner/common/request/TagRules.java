package dev.mwaaprovisioner.common.request;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code Tags}: 1 to 50 tags, keys up to 128 and values up to 256 characters, no {@code aws:} keys
 * and no {@value #RESERVED_PREFIX} keys: the provisioner marks what it owns with those
 * ({@code mwaa-provisioner:environment}), and a request must not forge that mark.
 */
final class TagRules implements RequestRule {

    /** MWAA allows 50 tags on an environment; one is the provisioner's mwaa-provisioner:environment. */
    static final int MAX_TAGS = 49;
    static final int MAX_KEY_LENGTH = 128;
    static final int MAX_VALUE_LENGTH = 256;
    /** From the MWAA API model ({@code TagKey}, {@code TagValue}). */
    static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    /** The prefix of the tag keys the provisioner writes itself. */
    static final String RESERVED_PREFIX = "mwaa-provisioner:";
    private static final String ALLOWED = "letters, digits, spaces and _ . : / = + - @";

    @Override
    public void check(Candidate request, Problems problems) {
        Map<String, String> tags = request.given().tags();
        if (tags == null) {
            return;
        }
        if (tags.isEmpty()) {
            problems.add("Tags", "is empty; give at least one tag or remove Tags");
        } else if (tags.size() > MAX_TAGS) {
            problems.add("Tags", "has " + tags.size() + " tags; at most " + MAX_TAGS + " (MWAA allows 50 and the "
                    + "provisioner adds " + RESERVED_PREFIX + "environment); remove " + (tags.size() - MAX_TAGS));
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            String path = ProblemPath.child("Tags", key);
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
                problems.add(path, "key must have 1 to " + MAX_KEY_LENGTH + " characters (it has " + key.length() + ")");
            } else if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                problems.add(path, "keys starting with aws: are reserved for AWS; choose another key");
            } else if (key.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
                problems.add(path, "the key " + Shown.quoted(key) + " is reserved: the provisioner tags what it creates"
                        + " with " + RESERVED_PREFIX + " keys itself; remove the tag from Tags or rename its key");
            } else if (!TAG_TEXT.matcher(key).matches()) {
                problems.add(path, "key may only hold " + ALLOWED);
            }
            String value = tag.getValue();
            if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
                problems.add(path, "value must have 1 to " + MAX_VALUE_LENGTH + " characters (it has "
                        + value.length() + ")");
            } else if (!TAG_TEXT.matcher(value).matches()) {
                problems.add(path, "value " + Shown.quoted(value) + " may only hold " + ALLOWED);
            }
        }
    }
}
