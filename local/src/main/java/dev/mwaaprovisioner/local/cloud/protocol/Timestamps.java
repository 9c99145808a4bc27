package dev.mwaaprovisioner.local.cloud.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Timestamp formats of the AWS wire protocols. */
public final class Timestamps {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /** ISO 8601 with milliseconds, as the XML protocols write timestamps. */
    public static String iso(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    /** ISO 8601 to the second, as EventBridge events carry {@code time}. */
    public static String isoSeconds(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** RFC 1123, as HTTP headers such as {@code Last-Modified} carry dates. */
    public static String http(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(
                instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    /** Epoch seconds with a fraction, as the JSON protocols write timestamps. */
    public static double epochSeconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }
}
