package io.streamtune.common.payload;

import java.time.Instant;

/**
 * A record that was not admitted, on {@code records.rejected}. Nothing is silently lost: the
 * original is kept (as text when it is valid UTF-8, else as base64 bytes) beside the reason.
 *
 * @param reason a stable reason code, e.g. {@code malformed}, {@code duplicate}
 * @param detail a human sentence naming the offending field or value
 * @param source where the original was read
 * @param originalText the original value when it is valid UTF-8, else null
 * @param originalBase64 the original bytes, base64, when they are not valid UTF-8, else null
 * @param collidedWith for duplicates and conflicts: the id of the record that was kept
 * @param rejectedBy the service that rejected it ({@code ingest}, {@code reward})
 * @param rejectedAt when it was rejected
 */
public record RejectedRecord(
    String reason,
    String detail,
    SourceRef source,
    String originalText,
    String originalBase64,
    String collidedWith,
    String rejectedBy,
    Instant rejectedAt) {}
