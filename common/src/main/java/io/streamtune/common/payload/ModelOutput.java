package io.streamtune.common.payload;

import java.time.Instant;

/**
 * A completion the trainer sampled from its own model, on {@code model.outputs}.
 *
 * @param outputId unique id, the key on {@code model.outputs} and {@code model.rewards}
 * @param modelVersion the training step whose weights produced the completion
 * @param recordId the content id of the training record it answers
 * @param kind what the record teaches
 * @param prompt the prompt the model completed
 * @param completion what the model produced
 * @param reference the record's own completion (the label for label tasks)
 * @param createdAt when the output was published
 */
public record ModelOutput(
    String outputId,
    long modelVersion,
    String recordId,
    TaskKind kind,
    String prompt,
    String completion,
    String reference,
    Instant createdAt) {}
