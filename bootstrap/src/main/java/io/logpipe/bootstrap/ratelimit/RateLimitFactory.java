package io.logpipe.bootstrap.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.bootstrap.ratelimit.BucketRateLimits.TenantRates;
import io.logpipe.bootstrap.ratelimit.BucketRateLimits.TokenRate;
import io.logpipe.domain.RateLimits;
import io.logpipe.domain.Tenants;
import io.logpipe.http.FailedAuthentications;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code rateLimits:} section: per-key token buckets for ingested entries and searches, with per-tenant overrides,
 * and the allowance of failed authentications per client address.
 */
public final class RateLimitFactory {

    @Valid
    @NotNull
    @JsonProperty
    private Rate ingest = new Rate(50_000, 100_000);

    @Valid
    @NotNull
    @JsonProperty
    private Rate query = new Rate(50, 200);

    @Valid
    @NotNull
    @JsonProperty
    private Map<String, TenantOverride> tenants = new LinkedHashMap<>();

    @Valid
    @NotNull
    @JsonProperty
    private FailedAuth failedAuthentications = new FailedAuth();

    /**
     * What is wrong with these settings, given the largest batch a request may carry; empty when nothing.
     *
     * @param maxEntriesPerRequest a request of that many entries must fit into every ingest bucket
     */
    public Optional<String> problem(int maxEntriesPerRequest) {
        Optional<String> badTenant = tenants.keySet().stream().filter(tenant -> !Tenants.isValid(tenant)).findFirst();
        if (badTenant.isPresent()) {
            return Optional.of("rateLimits.tenants names '" + badTenant.get() + "', which is no valid tenant name, so "
                    + "its limits would apply to nobody");
        }
        Map<String, Rate> ingestRates = new LinkedHashMap<>();
        ingestRates.put("rateLimits.ingest", ingest);
        tenants.forEach((tenant, override) -> {
            if (override.ingest != null) {
                ingestRates.put("rateLimits.tenants." + tenant + ".ingest", override.ingest);
            }
        });
        for (Map.Entry<String, Rate> rate : ingestRates.entrySet()) {
            Rate value = rate.getValue();
            if (value.perSecond > 0 && value.burst < Math.max(value.perSecond, maxEntriesPerRequest)) {
                return Optional.of(rate.getKey() + ".burst must be at least perSecond and ingest.maxEntries ("
                        + maxEntriesPerRequest + "), or a full request could never pass");
            }
        }
        for (Map.Entry<String, TenantOverride> tenant : tenants.entrySet()) {
            Rate value = tenant.getValue().query;
            if (value != null && value.perSecond > 0 && value.burst < value.perSecond) {
                return Optional.of("rateLimits.tenants." + tenant.getKey() + ".query.burst must be at least perSecond");
            }
        }
        if (query.perSecond > 0 && query.burst < query.perSecond) {
            return Optional.of("rateLimits.query.burst must be at least perSecond");
        }
        return Optional.empty();
    }

    public RateLimits build() {
        Map<String, TenantRates> overrides = new LinkedHashMap<>();
        tenants.forEach((tenant, override) -> overrides.put(tenant, new TenantRates(
                Optional.ofNullable(override.ingest).map(Rate::tokens),
                Optional.ofNullable(override.query).map(Rate::tokens))));
        return new BucketRateLimits(ingest.tokens(), query.tokens(), overrides);
    }

    public FailedAuthentications.Limits failedAuthentications() {
        return new FailedAuthentications.Limits(failedAuthentications.burst, failedAuthentications.perMinute);
    }

    /** For the startup log. */
    public String describe() {
        return "per key " + ingest.describe("entries") + ", " + query.describe("searches") + "; "
                + tenants.size() + " tenant override(s); " + failedAuthentications.burst
                + " failed authentications per address, then " + failedAuthentications.perMinute + " a minute";
    }

    /** A token bucket: {@code perSecond} tokens a second, up to {@code burst} at once. 0 per second is no limit. */
    public static final class Rate {
        @Min(0)
        @JsonProperty
        private long perSecond;

        @Min(0)
        @JsonProperty
        private long burst;

        public Rate() {
        }

        Rate(long perSecond, long burst) {
            this.perSecond = perSecond;
            this.burst = burst;
        }

        TokenRate tokens() {
            return new TokenRate(perSecond, Math.max(burst, perSecond));
        }

        String describe(String what) {
            return perSecond == 0 ? "no limit on " + what : perSecond + " " + what + "/s (burst " + burst + ")";
        }
    }

    /** A tenant's own limits; an absent one keeps the default. */
    public static final class TenantOverride {
        @Valid
        @JsonProperty
        private Rate ingest;

        @Valid
        @JsonProperty
        private Rate query;
    }

    /** Failed authentications allowed per client address: a burst, then a steady trickle. */
    public static final class FailedAuth {
        @Min(1)
        @JsonProperty
        private int burst = 20;

        @Min(1)
        @JsonProperty
        private int perMinute = 30;
    }
}
