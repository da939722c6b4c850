package io.logpipe.http;

import io.logpipe.domain.HistogramQuery;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The names clients give {@link HistogramQuery#INTERVALS}: {@code 10s}, {@code 1m}, {@code 1h}, {@code 1d}. */
final class HistogramIntervals {
    static final String AUTO = "auto";
    private static final List<String> WIRE_NAMES = List.of("10s", "1m", "1h", "1d");
    static final String NAMES = String.join(", ", WIRE_NAMES) + " or " + AUTO;

    private HistogramIntervals() {
    }

    /** The interval named, in any case, or null if none is. */
    static Duration parse(String name) {
        int index = WIRE_NAMES.indexOf(name.toLowerCase(Locale.ROOT));
        return index < 0 ? null : HistogramQuery.INTERVALS.get(index);
    }

    static String name(Duration interval) {
        return WIRE_NAMES.get(HistogramQuery.INTERVALS.indexOf(interval));
    }
}
