package io.tally.auth;

import java.util.Set;

/**
 * Who is calling, as established from the API key: the role, and the scope it reaches.
 *
 * @param keyId the key's id ({@code bootstrap} for the configured operator key)
 * @param account the account a service, company-admin or office-admin key belongs to; null for operators
 *        and for service keys made for several accounts
 * @param allAccounts a service key that reaches every account
 * @param accounts the accounts a service key reaches (when not all)
 * @param subAccounts the sub-accounts an office-admin key reaches
 */
public record Caller(String keyId, Role role, String account, boolean allAccounts, Set<String> accounts,
        Set<String> subAccounts) {

    public Caller {
        accounts = Set.copyOf(accounts);
        subAccounts = Set.copyOf(subAccounts);
    }

    public static Caller operator(String keyId) {
        return new Caller(keyId, Role.OPERATOR, null, true, Set.of(), Set.of());
    }

    /** Whether this caller may act on the account at all (office admins: on some of its sub-accounts). */
    public boolean reaches(String accountId) {
        return switch (role) {
            case OPERATOR -> true;
            case SERVICE -> allAccounts || accounts.contains(accountId);
            case COMPANY_ADMIN, OFFICE_ADMIN -> accountId.equals(account);
        };
    }

    /** Whether this caller may act on everything of the account, not only on some of its sub-accounts. */
    public boolean reachesWhole(String accountId) {
        return role != Role.OFFICE_ADMIN && reaches(accountId);
    }

    public boolean reachesSubAccount(String accountId, String subAccountId) {
        return role == Role.OFFICE_ADMIN ? reaches(accountId) && subAccounts.contains(subAccountId) : reaches(accountId);
    }
}
