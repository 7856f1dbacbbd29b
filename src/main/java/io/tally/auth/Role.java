package io.tally.auth;

import java.util.Optional;

/** What an API key may do. Scope (which accounts, which sub-accounts) is carried by the {@link Caller}. */
public enum Role {
    /** Runs the deployment: everything, every account. */
    OPERATOR("operator"),
    /** The sending pipeline: reserve and settle for every account or a listed set. */
    SERVICE("service"),
    /** Administers one account. */
    COMPANY_ADMIN("company-admin"),
    /** Administers listed sub-accounts (offices, lists) of one account. */
    OFFICE_ADMIN("office-admin");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Role> parse(String label) {
        for (var role : values()) {
            if (role.label.equals(label)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
