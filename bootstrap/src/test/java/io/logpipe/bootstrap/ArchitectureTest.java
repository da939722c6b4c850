package io.logpipe.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies point inward: adapters and bootstrap know the core, the core knows nothing of them. */
@AnalyzeClasses(packages = "io.logpipe", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

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
            .that().resideInAnyPackage("io.logpipe.http..", "io.logpipe.redis..", "io.logpipe.postgres..")
            .should().dependOnClassesThat().resideInAPackage("io.logpipe.bootstrap..");

    @ArchTest
    static final ArchRule adaptersNeverDependOnEachOther = classes()
            .that().resideInAnyPackage("io.logpipe.http..", "io.logpipe.redis..", "io.logpipe.postgres..")
            .should(AdapterIsolation.notDependOnAnotherAdapter());

    @ArchTest
    static final ArchRule storageAdaptersDependOnlyOnTheDomainOfTheCore = noClasses()
            .that().resideInAnyPackage("io.logpipe.redis..", "io.logpipe.postgres..")
            .should().dependOnClassesThat().resideInAPackage("io.logpipe.application..");

    @ArchTest
    static final ArchRule onlyTheHttpAdapterTouchesJaxRs = noClasses()
            .that().resideOutsideOfPackage("io.logpipe.http..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..");

    @ArchTest
    static final ArchRule storageAdaptersNeverTouchTheWebStack = noClasses()
            .that().resideInAnyPackage("io.logpipe.redis..", "io.logpipe.postgres..")
            .should().dependOnClassesThat().resideInAnyPackage("io.dropwizard..", "org.glassfish.jersey..");

    @ArchTest
    static final ArchRule coreNeverUsesFrameworks = noClasses()
            .that().resideInAnyPackage("io.logpipe.domain..", "io.logpipe.application..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.fasterxml..", "io.dropwizard..", "org.jdbi..", "redis.clients..", "jakarta..");
}
