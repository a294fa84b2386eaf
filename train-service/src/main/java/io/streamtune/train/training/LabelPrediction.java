package io.streamtune.train.training;

import java.util.Map;

/** A label task prediction: the most likely allowed label and each label's probability. */
public record LabelPrediction(String label, Map<String, Double> probabilities) {}
