package io.streamtune.train.training;

import io.streamtune.common.payload.TaskKind;

/**
 * One training record as the trainer sees it. For {@link TaskKind#LABEL} the prompt is the text to
 * classify (the trainer appends the label separator itself; a prompt that already ends with it is
 * left alone) and the completion is the label.
 */
public record TrainExample(String recordId, TaskKind kind, String prompt, String completion) {}
