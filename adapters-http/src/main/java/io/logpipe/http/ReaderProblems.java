package io.logpipe.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The problems a reader finds in one request's entries: the first {@value #LISTED} are described, the rest only
 * counted per entry, since the answer lists no more than that anyway. A body of ten megabytes of bad values so costs
 * a bounded amount of memory and no string per problem. One instance serves one request; not thread-safe.
 */
final class ReaderProblems {
    static final int LISTED = 100;

    private int listable = LISTED;
    private List<String> entryProblems = new ArrayList<>(0);
    private long entryUnlisted;

    /** Starts collecting the problems of the next entry. */
    void startEntry() {
        entryProblems = new ArrayList<>(0);
        entryUnlisted = 0;
    }

    /** Notes a problem of the current entry; its description is built only if it will be listed. */
    void add(Supplier<String> problem) {
        if (listable > 0) {
            listable--;
            entryProblems.add(problem.get());
        } else {
            entryUnlisted++;
        }
    }

    void add(String problem) {
        add(() -> problem);
    }

    /** How many problems the current entry has, listed or not. */
    long entryCount() {
        return entryProblems.size() + entryUnlisted;
    }

    List<String> entryListed() {
        return entryProblems;
    }

    long entryUnlisted() {
        return entryUnlisted;
    }
}
