package io.tally.auth;

import java.util.List;

/** A key to issue, as {@link KeyRequest} validated it. */
record NewKey(String name, Role role, String account, boolean allAccounts, List<String> accounts,
        List<String> subAccounts) {
}
