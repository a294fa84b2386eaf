package io.streamtune.bench.realtext;

/**
 * One clean example of either task: for the label task {@code input} is the text and {@code target}
 * the label; for generation they are the prompt and the completion. {@code group} names the address
 * it came from.
 */
public record Example(String input, String target, String group) {}
