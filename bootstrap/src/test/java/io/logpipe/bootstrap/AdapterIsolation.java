package io.logpipe.bootstrap;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;

/** An ArchUnit condition: a class in one adapter package must not use a class of another adapter package. */
final class AdapterIsolation {
    private static final List<String> ADAPTERS = List.of("io.logpipe.http", "io.logpipe.redis", "io.logpipe.postgres",
            "io.logpipe.archive");

    private AdapterIsolation() {
    }

    static ArchCondition<JavaClass> notDependOnAnotherAdapter() {
        return new ArchCondition<>("not depend on another adapter") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> own = adapterOf(origin);
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    Optional<String> target = adapterOf(dependency.getTargetClass());
                    boolean crosses = own.isPresent() && target.isPresent() && !own.equals(target);
                    if (crosses) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static Optional<String> adapterOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        return ADAPTERS.stream().filter(adapter -> name.equals(adapter) || name.startsWith(adapter + ".")).findFirst();
    }
}
