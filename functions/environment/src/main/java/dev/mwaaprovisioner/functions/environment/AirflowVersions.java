package dev.mwaaprovisioner.functions.environment;

/**
 * Which Airflow version changes MWAA makes in place, as its user guide states: within a major
 * version, up or down (x.4 to x.5 and back); across major versions only from the last 2.x
 * (2.11) to 3.x and from 3.x back to 2.11. Any other change needs a new environment.
 */
final class AirflowVersions {

    private AirflowVersions() {
    }

    static boolean changeableInPlace(String from, String to) {
        if (from == null || to == null || from.equals(to)) {
            return true;
        }
        String fromMajor = major(from);
        String toMajor = major(to);
        if (fromMajor.equals(toMajor)) {
            return true;
        }
        return ("2".equals(fromMajor) && "3".equals(toMajor) && minor(from).equals("2.11"))
                || ("3".equals(fromMajor) && "2".equals(toMajor) && minor(to).equals("2.11"));
    }

    private static String major(String version) {
        int dot = version.indexOf('.');
        return dot < 0 ? version : version.substring(0, dot);
    }

    private static String minor(String version) {
        String[] parts = version.split("\\.");
        return parts.length < 2 ? version : parts[0] + "." + parts[1];
    }
}
