package dev.mwaaprovisioner.common.request;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The values MWAA offers that change over time: Airflow versions, environment classes and the
 * worker quota. They live in ONE place, the resource {@value #RESOURCE}; a deployment overrides a
 * list without a rebuild through an environment variable ({@code MWAA_AIRFLOW_VERSIONS},
 * {@code MWAA_ENVIRONMENT_CLASSES}, {@code MWAA_MAX_WORKERS}) or a system property of the
 * resource key's name ({@code mwaa.airflowVersions}...). A system property wins over the
 * environment variable, which wins over the resource.
 *
 * @param airflowVersions    accepted {@code AirflowVersion} values, oldest first
 * @param environmentClasses accepted {@code EnvironmentClass} values, smallest first
 * @param maxWorkers         the highest {@code MaxWorkers} accepted (the account's MWAA quota)
 */
public record MwaaAllowLists(List<String> airflowVersions, List<String> environmentClasses, int maxWorkers) {

    static final String RESOURCE = "mwaa-allow-lists.properties";

    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+){1,3}");
    private static final Pattern CLASS = Pattern.compile("mw\\d+\\.[a-z0-9]+");

    /** Read on first use; a broken override fails every use with the same clear message. */
    private static volatile MwaaAllowLists current;

    public MwaaAllowLists {
        airflowVersions = List.copyOf(airflowVersions);
        environmentClasses = List.copyOf(environmentClasses);
        requireAll(airflowVersions, VERSION, "Airflow version");
        requireAll(environmentClasses, CLASS, "environment class");
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("the worker quota must be at least 1, not " + maxWorkers);
        }
    }

    /**
     * The lists in force in this process: the resource with its overrides, read once.
     *
     * @throws IllegalArgumentException when an override is malformed, naming it
     */
    public static MwaaAllowLists current() {
        MwaaAllowLists lists = current;
        if (lists == null) {
            lists = load(System::getenv, System::getProperty);
            current = lists;
        }
        return lists;
    }

    /** The lists as shipped in the resource, without overrides (the JSON Schema lists these). */
    public static MwaaAllowLists builtIn() {
        return load(name -> null, name -> null);
    }

    /**
     * Reads the resource and applies overrides.
     *
     * @param environment  looks up an environment variable (null when unset)
     * @param systemProperty looks up a system property (null when unset)
     */
    static MwaaAllowLists load(UnaryOperator<String> environment, UnaryOperator<String> systemProperty) {
        Properties shipped = new Properties();
        try (InputStream in = MwaaAllowLists.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
            }
            shipped.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        UnaryOperator<String> setting = key -> {
            String fromProperty = systemProperty.apply(key);
            if (fromProperty != null) {
                return fromProperty;
            }
            String fromEnvironment = environment.apply(environmentVariable(key));
            return fromEnvironment != null ? fromEnvironment : shipped.getProperty(key);
        };
        String maxWorkers = setting.apply("mwaa.maxWorkers").trim();
        try {
            return new MwaaAllowLists(
                    list(setting.apply("mwaa.airflowVersions")),
                    list(setting.apply("mwaa.environmentClasses")),
                    Integer.parseInt(maxWorkers));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the worker quota (mwaa.maxWorkers / MWAA_MAX_WORKERS) must be"
                    + " a whole number, not " + Shown.quoted(maxWorkers), e);
        }
    }

    /** {@code mwaa.airflowVersions} is overridden by {@code MWAA_AIRFLOW_VERSIONS}. */
    static String environmentVariable(String key) {
        return key.replace('.', '_').replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void requireAll(List<String> values, Pattern pattern, String what) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the list of allowed " + what + "s is empty");
        }
        for (String value : values) {
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException("the allowed " + what + " " + Shown.quoted(value)
                        + " is not of the form " + pattern.pattern());
            }
        }
    }

    /** The allowed Airflow versions that are {@code minimum} or later, oldest first. */
    public List<String> airflowVersionsFrom(String minimum) {
        return airflowVersions.stream().filter(v -> compareVersions(v, minimum) >= 0).toList();
    }

    /** Compares dotted version numbers numerically: 2.10.1 is later than 2.9.2. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int cmp = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0,
                    i < y.length ? Integer.parseInt(y[i]) : 0);
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }
}
