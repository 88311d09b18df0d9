package io.paygrid.payment.customer;

import java.time.Instant;
import java.util.Map;

/** A merchant's customer, known by email; invoices link to it and its payments are its history. */
public record Customer(String id, String object, String email, String name, Map<String, Object> metadata, Instant createdAt) {
}
