package io.tally.carrier;

/**
 * A number in the directory: the account (and sub-account) that owns it, and the labels its inbound messages carry.
 *
 * @param number E.164
 */
public record AssignedNumber(String number, String account, String subAccount, String product, String user) {
}
