package io.streamtune.train.training;

import java.util.Map;

/** Held-out evaluation. accuracy = exact match of predicted label (label tasks) or completion. */
public record EvalStats(
    double loss, double accuracy, Map<String, Double> perLabelAccuracy, int examples) {}
