package io.logpipe.http;

import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.time.temporal.ChronoField.YEAR;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * Reads and writes timestamps as RFC 3339 date-times. Reading is stricter than {@link DateTimeFormatter#ISO_DATE_TIME}
 * (seconds and an offset are required, no zone ids), and accepts the lower-case {@code t} and {@code z} that RFC 3339
 * allows. Writing always uses UTC, so clients never have to know a server zone.
 */
final class Rfc3339 {
    static final String EXPECTED = "must be an RFC 3339 date-time with an offset, such as 2026-11-26T18:00:00.123Z";

    private static final DateTimeFormatter READER = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            // RFC 3339 years have exactly four digits; wider years would not fit PostgreSQL's timestamp range.
            .appendValue(YEAR, 4)
            .appendLiteral('-')
            .appendValue(MONTH_OF_YEAR, 2)
            .appendLiteral('-')
            .appendValue(DAY_OF_MONTH, 2)
            .appendLiteral('T')
            .appendValue(HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private Rfc3339() {
    }

    /**
     * @throws IllegalArgumentException with {@link #EXPECTED} as its message if {@code text} is not such a date-time
     */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text, READER).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(EXPECTED, e);
        }
    }

    /** Such as {@code 2026-11-26T17:00:00.123456Z}; the fraction has as many digits as it needs, or none. */
    static String format(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
