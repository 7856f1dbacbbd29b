package io.tally.payment;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Payments: the provider, the price of a credit, and the auto-recharge worker (docs/payments.md). */
@ConfigMapping(prefix = "tally.payments")
public interface PaymentConfig {
    /** {@code invoice} (charges recorded as due, billed by the operator) or {@code http} (a payment API). */
    @WithDefault("invoice")
    String provider();

    /** The currency of recharges (ISO 4217). */
    @WithDefault("EUR")
    String currency();

    /** The price of one credit in the currency's minor units (cents): a recharge costs credits × this, rounded up. */
    @WithDefault("1")
    long minorUnitsPerCredit();

    Http http();

    Recharge recharge();

    Resolver resolver();

    /** Finishes purchases their clients left unfinished (docs/payments.md "Unfinished purchases"). */
    interface Resolver {
        /** How often one replica (a Redis lock) looks for them. */
        @WithDefault("1m")
        Duration interval();

        /**
         * How long a purchase stays untouched (pending, or paid and not granted) before it is resolved without its
         * client; longer than the provider's timeout, so that a purchase in flight is left to its request.
         */
        @WithDefault("5m")
        Duration lease();
    }

    interface Http {
        /** Where payment requests are POSTed (required with provider {@code http}). */
        Optional<URI> url();

        /** Sent as {@code Authorization: Bearer <secret>} when set. */
        Optional<String> secret();

        /** How long an answer is waited for; then the outcome is unknown and the payment is retried, same key. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Recharge {
        /** How often each replica looks for due recharges. */
        @WithDefault("1s")
        Duration interval();

        /** How long a claimed recharge is left to its worker before another replica may take it. */
        @WithDefault("2m")
        Duration lease();

        /** Attempts at the provider before a recharge is failed for good. */
        @WithDefault("4")
        int attempts();

        /** The wait after the first failed attempt; doubled after each. */
        @WithDefault("30s")
        Duration backoff();
    }
}
