package dev.mwaaprovisioner.local.cloud.stepfunctions;

import java.util.regex.Pattern;

/** The naming rules Step Functions applies to state machine and execution names. */
final class Names {

    /** 1-80 characters; no whitespace, brackets, wildcards, special characters or control characters. */
    private static final Pattern INVALID = Pattern.compile("[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]");

    private Names() {
    }

    static boolean isValid(String name) {
        return name != null && !name.isEmpty() && name.length() <= 80 && !INVALID.matcher(name).find();
    }
}
