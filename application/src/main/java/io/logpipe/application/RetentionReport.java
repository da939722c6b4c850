package io.logpipe.application;

import java.time.LocalDate;
import java.util.List;

/**
 * What one retention run did. Immutable.
 *
 * @param daysDropped days removed whole, interrupted drops finished included
 * @param rowsDropped entries those days held, as counted just before (unknown, so 0, for a finished interrupted drop)
 * @param rowsDeleted entries removed by batched deletes from days that stay
 * @param filesArchived archive files written and verified
 * @param rowsArchived entries in those files
 * @param bytesArchived size of those files
 * @param failedDays days the run could not finish; their data is untouched or, for a day being dropped, archived
 */
public record RetentionReport(int daysDropped, long rowsDropped, long rowsDeleted, int filesArchived,
        long rowsArchived, long bytesArchived, List<LocalDate> failedDays) {

    public RetentionReport {
        failedDays = List.copyOf(failedDays);
    }

    /** True when every day was handled. */
    public boolean succeeded() {
        return failedDays.isEmpty();
    }
}
