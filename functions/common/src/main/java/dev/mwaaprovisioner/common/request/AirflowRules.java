package dev.mwaaprovisioner.common.request;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How Airflow runs: {@code AirflowVersion} from the allow-list, {@code WebserverAccessMode} and
 * {@code EndpointManagement} as far as the version and network allow them,
 * {@code AirflowConfigurationOptions} and {@code WeeklyMaintenanceWindowStart}.
 */
final class AirflowRules implements RequestRule {

    /** MWAA offers PUBLIC_AND_PRIVATE web server access from this Airflow version on. */
    static final String PUBLIC_AND_PRIVATE_SINCE = "3.2";
    /** From the MWAA API model ({@code ConfigKey}, {@code ConfigValue}). */
    static final Pattern OPTION_KEY = Pattern.compile("[a-z]+([a-z0-9._]*[a-z0-9_]+)?");
    static final int OPTION_KEY_MAX = 64;
    static final int OPTION_VALUE_MAX = 65536;
    /** {@code DAY:HH:MM} in UTC, on the hour or half hour. */
    static final Pattern MAINTENANCE_WINDOW = Pattern.compile("(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\\d|2[0-3]):(00|30)");

    @Override
    public void check(Candidate request, Problems problems) {
        ProvisioningRequest given = request.given();
        ProvisioningRequest r = request.normalized();
        boolean versionAllowed = checkVersion(given.airflowVersion(), r.airflowVersion(), request.allowLists(), problems);
        if (versionAllowed && r.webserverAccessMode() == WebserverAccessMode.PUBLIC_AND_PRIVATE
                && MwaaAllowLists.compareVersions(r.airflowVersion(), PUBLIC_AND_PRIVATE_SINCE) < 0) {
            List<String> newer = request.allowLists().airflowVersionsFrom(PUBLIC_AND_PRIVATE_SINCE);
            problems.add("WebserverAccessMode", "PUBLIC_AND_PRIVATE needs Airflow " + PUBLIC_AND_PRIVATE_SINCE
                    + " or later, but AirflowVersion is " + r.airflowVersion()
                    + (given.airflowVersion() == null ? " (the default)" : "") + "; "
                    + (newer.isEmpty()
                            ? "no allowed version (" + String.join(", ", request.allowLists().airflowVersions())
                                    + ") offers it, so choose PRIVATE_ONLY or PUBLIC_ONLY"
                            : "choose PRIVATE_ONLY or PUBLIC_ONLY, or AirflowVersion " + String.join(" or ", newer)));
        }
        if (r.endpointManagement() == EndpointManagement.CUSTOMER && r.network() instanceof NewNetwork) {
            problems.add("EndpointManagement", "CUSTOMER means you create the VPC endpoints yourself, but Network"
                    + " asks for a new VPC built for you; use SERVICE, or give SubnetIds and SecurityGroupIds of a"
                    + " VPC whose endpoints you manage");
        }
        checkOptions(given.airflowConfigurationOptions(), problems);
        String window = given.weeklyMaintenanceWindowStart();
        if (window != null && !MAINTENANCE_WINDOW.matcher(window).matches()) {
            problems.add("WeeklyMaintenanceWindowStart", Shown.quoted(window) + " is not DAY:HH:MM in UTC on the hour or"
                    + " half hour; write e.g. TUE:03:30 (days MON to SUN, hours 00 to 23, minutes 00 or 30)");
        }
    }

    private static boolean checkVersion(String given, String version, MwaaAllowLists allowLists, Problems problems) {
        if (allowLists.airflowVersions().contains(version)) {
            return true;
        }
        String choose = "choose one of " + String.join(", ", allowLists.airflowVersions());
        problems.add("AirflowVersion", given == null
                ? "is not given, and the default " + version + " is not allowed in this deployment; " + choose
                : Shown.quoted(version) + " is not an allowed Airflow version; " + choose);
        return false;
    }

    /** Values are sensitive in the MWAA API: messages name the option, never show its value. */
    private static void checkOptions(Map<String, String> options, Problems problems) {
        if (options == null) {
            return;
        }
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            String path = ProblemPath.child("AirflowConfigurationOptions", key);
            if (key.isEmpty() || key.length() > OPTION_KEY_MAX || !OPTION_KEY.matcher(key).matches()) {
                problems.add(path, "is not an Airflow option name; write section.option in lowercase, at most "
                        + OPTION_KEY_MAX + " characters, e.g. core.default_timezone");
            }
            String value = option.getValue();
            if (value.isEmpty() || value.length() > OPTION_VALUE_MAX) {
                problems.add(path, "value must have 1 to " + OPTION_VALUE_MAX + " characters (it has "
                        + value.length() + ")");
            } else {
                int bad = firstNonPrintableAscii(value);
                if (bad >= 0) {
                    problems.add(path, String.format("value has the character U+%04X at position %d; MWAA accepts"
                            + " printable ASCII only (space to ~)", value.codePointAt(bad), value.codePointCount(0, bad) + 1));
                }
            }
        }
    }

    private static int firstNonPrintableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return i;
            }
        }
        return -1;
    }
}
