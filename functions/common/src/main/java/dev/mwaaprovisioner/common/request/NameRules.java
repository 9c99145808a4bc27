package dev.mwaaprovisioner.common.request;

import dev.mwaaprovisioner.common.documents.AwsIdentifiers;
import java.util.regex.Pattern;

/** {@code Name}: the environment name MWAA accepts, which also names the network stack and role. */
final class NameRules implements RequestRule {

    static final int MAX_LENGTH = 80;
    /** From the MWAA API model ({@code EnvironmentName}), length included. */
    static final Pattern NAME = AwsIdentifiers.ENVIRONMENT_NAME;

    @Override
    public void check(Candidate request, Problems problems) {
        String name = request.given().name();
        if (name == null) {
            return;
        }
        String fix = "use letters, digits, - and _, starting with a letter, e.g. analytics-dev";
        if (name.isEmpty()) {
            problems.add("Name", "is empty; " + fix);
        } else if (name.length() > MAX_LENGTH) {
            problems.add("Name", "has " + name.length() + " characters; MWAA allows at most " + MAX_LENGTH);
        } else if (!NAME.matcher(name).matches()) {
            problems.add("Name", Shown.quoted(name) + " is not a valid environment name ("
                    + firstOffence(name) + "); " + fix);
        }
    }

    private static String firstOffence(String name) {
        if (!Character.isLetter(name.charAt(0)) || name.charAt(0) > 'z') {
            return "it starts with " + Shown.quoted(name.substring(0, name.offsetByCodePoints(0, 1)));
        }
        for (int i = 0; i < name.length(); i = name.offsetByCodePoints(i, 1)) {
            String c = name.substring(i, name.offsetByCodePoints(i, 1));
            if (!NAME.matcher("a" + c).matches()) { // the pattern minus the first letter
                return Shown.quoted(c) + " at position " + (name.codePointCount(0, i) + 1) + " is not allowed";
            }
        }
        return "it does not match " + NAME.pattern();
    }
}
