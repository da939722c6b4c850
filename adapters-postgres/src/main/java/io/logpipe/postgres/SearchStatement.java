package io.logpipe.postgres;

import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * One statement of a search with the values bound to it: what the store runs, and what a plan test explains.
 *
 * @param sql the statement, holding named parameters only, never a value
 * @param values the value of every parameter
 */
record SearchStatement(String sql, Map<String, Object> values) {

    SearchStatement {
        values = Map.copyOf(values);
    }

    Query bindTo(Handle handle) {
        return handle.createQuery(sql).bindMap(values);
    }
}
