/**
 * The safetensors file format, read and written in one place: {@link
 * io.streamtune.train.safetensors.SafetensorsFile} validates a file's header and memory-maps its
 * tensors one at a time; {@link io.streamtune.train.safetensors.SafetensorsWriter} streams tensors
 * to disk as F32, F16 or BF16. The trainer's checkpoints and the pretrained GPT-2 loader and
 * exporters both use them.
 */
package io.streamtune.train.safetensors;
