/**
 * Reads a company's clients from SAP's Business Partner API ({@code API_BUSINESS_PARTNER}, OData V2).
 *
 * <p>Entry point: {@link braid.sap.BusinessPartnerClient} ({@code fetchClients}, and {@code probe} for a
 * preflight check); its settings: {@link braid.sap.SapSettings}.
 * Values are records and never null unless a component says so.
 */
@NullMarked
package braid.sap;

import org.jspecify.annotations.NullMarked;
