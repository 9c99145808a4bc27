package dev.mwaaprovisioner.common.request;

import java.util.regex.Pattern;

/**
 * Builds the paths of problems: {@code Network.VpcCIDR}, {@code Tags.team},
 * {@code Network.SubnetIds[1]}. A key that is not a plain name (a dot, a space, a control
 * character...) is shown quoted and escaped in brackets, {@code Tags["cost center"]}, so a path is
 * unambiguous and a hostile key can never break the one-problem-per-line output.
 */
final class ProblemPath {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private ProblemPath() {
    }

    /** The path of {@code key} inside the mapping at {@code parent} ("" for the top level). */
    static String child(String parent, String key) {
        if (!PLAIN_KEY.matcher(key).matches()) {
            return (parent.isEmpty() ? Problem.DOCUMENT : parent) + "[" + Shown.quoted(key) + "]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
