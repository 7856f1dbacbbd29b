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
}
