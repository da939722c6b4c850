package io.logpipe.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies point inward: adapters and bootstrap know the core, the core knows nothing of them. */
@AnalyzeClasses(packages = "io.logpipe",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    /**
     * The port fakes of a module's test-jar (io.logpipe.domain.testing) are test code: built under {@code verify}
     * they arrive as a jar, which {@link ImportOption.DoNotIncludeTests} does not recognise.
     */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule domainDependsOnlyOnTheJdk = classes()
            .that().resideInAPackage("io.logpipe.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.logpipe.domain..", "java..");

    @ArchTest
    static final ArchRule applicationDependsOnlyOnTheDomain = classes()
            .that().resideInAPackage("io.logpipe.application..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("io.logpipe.application..", "io.logpipe.domain..", "java..", "javax.crypto..");

    @ArchTest
    static final ArchRule adaptersNeverDependOnBootstrap = noClasses()
            .that().resideInAnyPackage("io.logpipe.http..", "io.logpipe.redis..", "io.logpipe.postgres..",
                    "io.logpipe.archive..")
            .should().dependOnClassesThat().resideInAPackage("io.logpipe.bootstrap..");

    @ArchTest
    static final ArchRule adaptersNeverDependOnEachOther = classes()
            .that().resideInAnyPackage("io.logpipe.http..", "io.logpipe.redis..", "io.logpipe.postgres..",
                    "io.logpipe.archive..")
            .should(AdapterIsolation.notDependOnAnotherAdapter());

    @ArchTest
    static final ArchRule storageAdaptersDependOnlyOnTheDomainOfTheCore = noClasses()
            .that().resideInAnyPackage("io.logpipe.redis..", "io.logpipe.postgres..", "io.logpipe.archive..")
            .should().dependOnClassesThat().resideInAPackage("io.logpipe.application..");

    @ArchTest
    static final ArchRule onlyTheHttpAdapterTouchesJaxRs = noClasses()
            .that().resideOutsideOfPackage("io.logpipe.http..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..");

    @ArchTest
    static final ArchRule storageAdaptersNeverTouchTheWebStack = noClasses()
            .that().resideInAnyPackage("io.logpipe.redis..", "io.logpipe.postgres..", "io.logpipe.archive..")
            .should().dependOnClassesThat().resideInAnyPackage("io.dropwizard..", "org.glassfish.jersey..");

    @ArchTest
    static final ArchRule coreNeverUsesFrameworks = noClasses()
            .that().resideInAnyPackage("io.logpipe.domain..", "io.logpipe.application..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.fasterxml..", "io.dropwizard..", "org.jdbi..", "redis.clients..", "jakarta..");
}
