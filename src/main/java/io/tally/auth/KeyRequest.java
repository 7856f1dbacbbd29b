package io.tally.auth;

import java.util.List;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/** The body of a key request. {@code accounts}/{@code allAccounts} scope service keys, {@code subAccounts} office admins. */
record KeyRequest(String name, String role, List<String> accounts, Boolean allAccounts, List<String> subAccounts) {
    private static final int MAX_NAME = 100;

    NewKey toDeploymentKey() {
        var parsed = role(List.of(Role.OPERATOR, Role.SERVICE));
        var listed = Fields.ids("accounts", accounts);
        boolean all = Boolean.TRUE.equals(allAccounts);
        forbid(subAccounts, "subAccounts", "only office-admin keys list sub-accounts");
        if (parsed == Role.OPERATOR) {
            forbid(accounts, "accounts", "operator keys reach every account");
            return new NewKey(validName(), parsed, null, true, List.of(), List.of());
        }
        if (all == !listed.isEmpty()) {
            throw Refusal.invalid("accounts", "accounts: list the accounts or set allAccounts, not both");
        }
        return new NewKey(validName(), parsed, null, all, listed, List.of());
    }

    NewKey toAccountKey(String account) {
        var parsed = role(List.of(Role.SERVICE, Role.COMPANY_ADMIN, Role.OFFICE_ADMIN));
        forbid(accounts, "accounts", "an account key reaches its own account");
        if (Boolean.TRUE.equals(allAccounts)) {
            throw Refusal.invalid("allAccounts", "allAccounts: issue such service keys at /v1/keys");
        }
        if (parsed != Role.OFFICE_ADMIN) {
            forbid(subAccounts, "subAccounts", "only office-admin keys list sub-accounts");
            return new NewKey(validName(), parsed, account, false, List.of(account), List.of());
        }
        var offices = Fields.ids("subAccounts", subAccounts);
        if (offices.isEmpty()) {
            throw Refusal.invalid("subAccounts", "subAccounts: an office-admin key lists at least one");
        }
        return new NewKey(validName(), parsed, account, false, List.of(account), offices);
    }

    private Role role(List<Role> permitted) {
        var label = Fields.text("role", role, 20);
        return Role.parse(label)
                .filter(permitted::contains)
                .orElseThrow(() -> Refusal.invalid("role", "role: one of "
                        + permitted.stream().map(Role::label).toList()));
    }

    private String validName() {
        return Fields.optionalText("name", name, MAX_NAME);
    }

    private static void forbid(List<String> value, String field, String reason) {
        if (value != null && !value.isEmpty()) {
            throw Refusal.invalid(field, field + ": " + reason);
        }
    }
}
