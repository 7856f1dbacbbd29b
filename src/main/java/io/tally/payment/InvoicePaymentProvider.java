package io.tally.payment;

import io.smallrye.mutiny.Uni;

/**
 * Records the charge as due, for operators who bill their customers monthly: the payment row is the record, its
 * reference {@code invoice:<id>}; nothing leaves the deployment.
 */
class InvoicePaymentProvider implements PaymentProvider {
    @Override
    public String name() {
        return "invoice";
    }

    @Override
    public Uni<PaymentResult> charge(PaymentRequest request) {
        return Uni.createFrom().item(new PaymentResult.Succeeded("invoice:" + request.idempotencyKey()));
    }
}
