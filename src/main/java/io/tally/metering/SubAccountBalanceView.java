package io.tally.metering;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One sub-account's balance: {@code allocation} for allocated sub-accounts, {@code monthlyLimit} when set, and the spend
 * this month; credits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubAccountBalanceView(String account, String month, String subAccount, String mode, BigDecimal allocation,
        BigDecimal monthlyLimit, BigDecimal spentThisMonth) {
}
