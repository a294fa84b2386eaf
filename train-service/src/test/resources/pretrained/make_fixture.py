#!/usr/bin/python3
"""Writes the reference fixture for ReferenceLogitsTest (train-service, package pretrained).

A second, independent GPT-2: the forward pass written out here in plain PyTorch ops, after
Radford et al.'s GPT-2 / Hugging Face's GPT2LMHeadModel (pre-norm blocks, Conv1D weights stored
[in, out], gelu_new, causal softmax attention, LM head tied to wte). It needs nothing but Debian's
CPU PyTorch and NumPy -- no `transformers`, no download, no GPU:

    apt-get install -y python3-torch python3-numpy     # torch 1.13 (no scaled_dot_product_attention)
    /usr/bin/python3 make_fixture.py                   # writes ./reference beside this file

It writes random, seeded weights in GPT-2's Hugging Face layout and the logits this forward pass
computes for a few prompts:

    reference/f32/     config.json, tokenizer.json, model.safetensors (float32, with the
                       `attn.bias` causal-mask buffers older GPT-2 checkpoints carry)
    reference/f16/     the same weights rounded to float16 (exercises the F16 loading path)
    reference/prompts.json   vocab, prompts: [{text, input_ids}]
    reference/f32/logits.bin, reference/f16/logits.bin
                       float32 little-endian, each prompt's [T, V] logits one after another,
                       computed in float64 from that folder's (rounded) weights

The tokenizer is GPT-2's byte level without merges: id b is byte b (its symbol from GPT-2's
bytes_to_unicode table), 256 is <|endoftext|>. So input_ids are the prompt's UTF-8 bytes, and the
Java side checks its tokenizer produces the same ids before comparing logits.
"""
import json
import math
import pathlib
import struct
import sys

import numpy as np
import torch

OUT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).parent / "reference"
EOT = "<|endoftext|>"
VOCAB, POSITIONS, EMBD, HEADS, LAYERS, EPS = 257, 32, 16, 2, 2, 1e-5
PROMPTS = ["The quick brown fox", "café ✓ 42"]  # 19 + 11 tokens: ASCII and multi-byte UTF-8


def bytes_to_unicode():
    """GPT-2's table: printable bytes map to themselves, the others to chr(256 + n)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, n = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + n)
            n += 1
    return table


def tokenizer_json():
    symbols = bytes_to_unicode()
    vocab = {symbols[b]: b for b in range(256)}
    vocab[EOT] = 256
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": 256, "content": EOT, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": True, "special": True}
        ],
        "normalizer": None,
        "pre_tokenizer": byte_level,
        "post_processor": dict(byte_level, add_prefix_space=True),
        "decoder": dict(byte_level, add_prefix_space=True),
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": []},
    }


def config_json(dtype):
    return {
        "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "activation_function": "gelu_new",
        "n_layer": LAYERS, "n_head": HEADS, "n_embd": EMBD, "n_positions": POSITIONS, "n_ctx": POSITIONS,
        "n_inner": None, "vocab_size": VOCAB, "layer_norm_epsilon": EPS, "bos_token_id": 256,
        "eos_token_id": 256, "resid_pdrop": 0.1, "embd_pdrop": 0.1, "attn_pdrop": 0.1,
        "torch_dtype": dtype,
    }


def random_weights(gen):
    """GPT-2's state dict (transformer.* names), every tensor random so every one matters."""
    def normal(*shape, mean=0.0, std):
        return mean + std * torch.randn(*shape, generator=gen, dtype=torch.float64)

    w = {"wte.weight": normal(VOCAB, EMBD, std=0.3), "wpe.weight": normal(POSITIONS, EMBD, std=0.1)}
    for i in range(LAYERS):
        h = f"h.{i}."
        w[h + "ln_1.weight"] = normal(EMBD, mean=1.0, std=0.1)
        w[h + "ln_1.bias"] = normal(EMBD, std=0.05)
        w[h + "attn.c_attn.weight"] = normal(EMBD, 3 * EMBD, std=0.3)
        w[h + "attn.c_attn.bias"] = normal(3 * EMBD, std=0.05)
        w[h + "attn.c_proj.weight"] = normal(EMBD, EMBD, std=0.2)
        w[h + "attn.c_proj.bias"] = normal(EMBD, std=0.05)
        w[h + "ln_2.weight"] = normal(EMBD, mean=1.0, std=0.1)
        w[h + "ln_2.bias"] = normal(EMBD, std=0.05)
        w[h + "mlp.c_fc.weight"] = normal(EMBD, 4 * EMBD, std=0.3)
        w[h + "mlp.c_fc.bias"] = normal(4 * EMBD, std=0.05)
        w[h + "mlp.c_proj.weight"] = normal(4 * EMBD, EMBD, std=0.15)
        w[h + "mlp.c_proj.bias"] = normal(EMBD, std=0.05)
    w["ln_f.weight"] = normal(EMBD, mean=1.0, std=0.1)
    w["ln_f.bias"] = normal(EMBD, std=0.05)
    return w


def layer_norm(x, weight, bias):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)  # biased variance, as torch.nn.LayerNorm
    return (x - mean) / torch.sqrt(var + EPS) * weight + bias


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def attention(x, w, h):
    t, c = x.shape
    d = c // HEADS
    qkv = x @ w[h + "attn.c_attn.weight"] + w[h + "attn.c_attn.bias"]  # Conv1D: x [T, in] @ W [in, out]
    q, k, v = (part.reshape(t, HEADS, d).transpose(0, 1) for part in qkv.split(c, dim=-1))
    scores = q @ k.transpose(-1, -2) / math.sqrt(d)  # [H, T, T]
    causal = torch.ones(t, t, dtype=torch.bool).tril()
    scores = scores.masked_fill(~causal, float("-inf"))
    out = (torch.softmax(scores, dim=-1) @ v).transpose(0, 1).reshape(t, c)
    return out @ w[h + "attn.c_proj.weight"] + w[h + "attn.c_proj.bias"]


def logits(w, ids):
    """GPT2LMHeadModel(ids).logits[0] in float64, dropout off."""
    x = w["wte.weight"][ids] + w["wpe.weight"][: len(ids)]
    for i in range(LAYERS):
        h = f"h.{i}."
        x = x + attention(layer_norm(x, w[h + "ln_1.weight"], w[h + "ln_1.bias"]), w, h)
        hidden = gelu_new(layer_norm(x, w[h + "ln_2.weight"], w[h + "ln_2.bias"]) @ w[h + "mlp.c_fc.weight"]
                          + w[h + "mlp.c_fc.bias"])
        x = x + hidden @ w[h + "mlp.c_proj.weight"] + w[h + "mlp.c_proj.bias"]
    x = layer_norm(x, w["ln_f.weight"], w["ln_f.bias"])
    return x @ w["wte.weight"].T  # tied LM head


def write_safetensors(path, tensors, dtype):
    """The safetensors format by hand: u64 LE header size, JSON header, raw little-endian data."""
    kind, np_type = {"float32": ("F32", "<f4"), "float16": ("F16", "<f2")}[dtype]
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, tensor in tensors.items():
        data = tensor.numpy().astype(np_type).tobytes()
        header[name] = {"dtype": kind, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the format pads the header to 8 bytes
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    gen = torch.Generator().manual_seed(20261202)
    weights = random_weights(gen)
    prompts = [{"text": p, "input_ids": list(p.encode("utf-8"))} for p in PROMPTS]
    for dtype, folder_name in (("float32", "f32"), ("float16", "f16")):
        np_type = np.float32 if dtype == "float32" else np.float16
        # the weights as the file stores them, back in float64 for the reference forward pass
        stored = {n: torch.from_numpy(t.numpy().astype(np_type).astype(np.float64)) for n, t in weights.items()}
        folder = OUT / folder_name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "config.json").write_text(json.dumps(config_json(dtype), indent=2) + "\n")
        (folder / "tokenizer.json").write_text(json.dumps(tokenizer_json(), ensure_ascii=False) + "\n")
        tensors = {"transformer." + n: t for n, t in stored.items()}
        for i in range(LAYERS):  # the causal-mask buffer: present in the file, not a weight
            tensors[f"transformer.h.{i}.attn.bias"] = torch.ones(POSITIONS, POSITIONS).tril().reshape(
                1, 1, POSITIONS, POSITIONS)
        write_safetensors(folder / "model.safetensors", tensors, dtype)
        with torch.no_grad():
            rows = [logits(stored, torch.tensor(p["input_ids"])) for p in prompts]
        (folder / "logits.bin").write_bytes(b"".join(r.numpy().astype("<f4").tobytes() for r in rows))
    lines = ",\n".join("  " + json.dumps(p, ensure_ascii=False) for p in prompts)
    (OUT / "prompts.json").write_text('{"vocab": %d, "prompts": [\n%s\n]}\n' % (VOCAB, lines))
    print(f"wrote {OUT}: {len(PROMPTS)} prompts, vocab {VOCAB}, torch {torch.__version__}")


if __name__ == "__main__":
    main()
