package io.tally.dashboard;

import java.util.List;

import io.quarkus.qute.TemplateData;

/** What the dashboard's templates show, as text: Qute escapes each value where the template writes it. */
final class Views {
    private Views() {
    }

    /** The frame of every page: who is signed in, the CSRF token of the session, the scripts. */
    @TemplateData
    record Chrome(String accountName, String account, String role, String offices, String csrf, String active,
            String htmx, String uplotJs, String uplotCss) {
    }

    /**
     * The cumulative spend of a period: days, running totals and each day's spend as comma-separated lists, which
     * the page's script hands to uPlot.
     */
    @TemplateData
    record Spend(String period, List<String> periods, String days, String totals, String daily, String total,
            String count) {
    }

    /** A line of a breakdown: its key (a country, city or product), credits, records and share. */
    @TemplateData
    record Line(String key, String credits, String count, String share) {
    }

    /** A limit of the credit status: the account's overdraft or a sub-account's monthly limit. */
    @TemplateData
    record Limit(String name, String available, String used, String limit, String remaining, String usedPercent,
            boolean exceeded) {
    }

    /** A wallet (lots of one kind) or a category of the plan usage. */
    @TemplateData
    record Wallet(String name, String committed, String used, String available, String usedPercent, String cycle,
            String nextExpiry) {
    }

    /** A usage record as a row of the table. */
    @TemplateData
    record Record(String id, String at, String subAccount, String service, String product, String user,
            String title, String to, String country, String quantity, String credits, String status) {
    }

    /** An alert of the history; {@code cause} the anomaly's main cause. */
    @TemplateData
    record Alert(String id, String type, String state, String subAccount, String cause, String values, String at,
            boolean dismissed) {
    }

    /** An alert rule. */
    @TemplateData
    record Rule(String id, String type, String threshold, String percent, String subAccount, boolean enabled) {
    }

    /** A webhook endpoint of the account (never its secret). */
    @TemplateData
    record Endpoint(String id, String url, String types, boolean enabled, String disabledReason) {
    }

    /** A named value of a usage record's details. */
    @TemplateData
    record Field(String name, String value) {
    }

    /** A ledger entry behind a usage record. */
    @TemplateData
    record Entry(String at, String type, String amount, String lot) {
    }

    /** A lot that expires soon: what it can still pay, and when it stops. */
    @TemplateData
    record Expiring(String id, String kind, String available, String expiresAt, String services) {
    }

    /** A package of the catalogue, with what it buys per destination country. */
    @TemplateData
    record Offer(String id, String name, String price, String credits, String kind, String validity,
            String services, List<Country> countries) {
    }

    /** How many one-segment SMS a package buys to a country, at this account's rate. */
    @TemplateData
    record Country(String country, String rate, String messages) {
    }

    /** A payment (a recharge or a purchase) of the history. */
    @TemplateData
    record Payment(String at, String kind, String status, String credits, String amount, String subAccount,
            String packageId, String reference, String failure) {
    }

    /** The auto-recharge settings as the form shows them; {@code set} false when none are stored. */
    @TemplateData
    record Recharge(boolean set, boolean enabled, String threshold, String amount, String target,
            String paymentMethod, String maxPerMonth) {
    }

    /** A purchase previewed or made: what it costs and grants. */
    @TemplateData
    record Purchase(String id, String status, String packageId, String credits, String amount, String kind,
            String expiresAt, String subAccount, String paymentMethod, String idempotencyKey, String lot) {
    }

    /** An office: its allocation, monthly limit and spend this month. */
    @TemplateData
    record Office(String id, String name, String mode, String allocation, String monthlyLimit, String spent,
            String remaining) {
    }

    /** A sub-account's line of the agency roll-up over a date range. */
    @TemplateData
    record Activity(String subAccount, String count, String units, String credits, String cost, String share) {
    }
}
