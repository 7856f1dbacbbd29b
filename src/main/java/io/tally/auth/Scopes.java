package io.tally.auth;

import io.tally.platform.Refusal;

/**
 * The scope checks every resource makes before it looks anything up, so that a 403 never tells whether the thing
 * exists. One wording for all of them.
 */
public final class Scopes {
    private Scopes() {
    }

    /** The caller acts on the account (office admins: on some of its sub-accounts). */
    public static void requireAccount(Caller caller, String account) {
        if (!caller.reaches(account)) {
            throw outOfScope("account " + account);
        }
    }

    /** The caller acts on all of the account, not only on some sub-accounts. */
    public static void requireWholeAccount(Caller caller, String account) {
        if (!caller.reachesWhole(account)) {
            throw outOfScope("account " + account);
        }
    }

    public static void requireSubAccount(Caller caller, String account, String subAccount) {
        if (!caller.reachesSubAccount(account, subAccount)) {
            throw outOfScope("sub-account " + account + "/" + subAccount);
        }
    }

    public static Refusal outOfScope(String what) {
        return Refusal.outOfScope(what + " is outside this key's scope");
    }
}
