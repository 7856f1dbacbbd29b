package io.tally.payment;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The configured payment provider ({@code tally.payments.provider}). */
class PaymentProducer {
    @Produces
    @Singleton
    PaymentProvider provider(PaymentConfig config, ObjectMapper json) {
        return switch (config.provider()) {
            case "invoice" -> new InvoicePaymentProvider();
            case "http" -> new HttpPaymentProvider(config.http().url().orElseThrow(() -> new IllegalStateException(
                    "tally.payments.http.url is required with tally.payments.provider=http")),
                    config.http().secret(), config.http().timeout(), json);
            default -> throw new IllegalStateException("tally.payments.provider: invoice or http, not "
                    + config.provider());
        };
    }
}
