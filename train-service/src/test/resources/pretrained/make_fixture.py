#!/usr/bin/env python3
"""Writes the reference fixture for ReferenceLogitsTest (train-service, package pretrained).

A tiny *randomly initialised* GPT-2 built with Hugging Face `transformers` (nothing is downloaded:
the model comes from a GPT2Config, the tokenizer is built locally with `tokenizers`), saved in the
usual layout, plus the logits `transformers` computes for fixed input ids:

    reference/f32/   config.json, model.safetensors (float32), tokenizer.json
    reference/f16/   the same weights saved as float16 (exercises the F16 path)
    reference/logits.json  {"input_ids": [...], "f32": [[...]], "f16": [[...]]}  (T x V floats each)

Run on any machine with Python (CPU is enough), then commit the `reference/` folder beside this
script (~0.5 MB):

    pip install torch transformers safetensors tokenizers
    python make_fixture.py            # writes ./reference next to this file
"""
import json
import pathlib
import sys

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers
from transformers import GPT2Config, GPT2LMHeadModel

OUT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).parent / "reference"
EOT = "<|endoftext|>"


def byte_level_tokenizer() -> Tokenizer:
    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())  # GPT-2's 256 byte symbols
    vocab = {symbol: i for i, symbol in enumerate(alphabet)}
    vocab[EOT] = len(vocab)
    tok = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.add_special_tokens([EOT])
    return tok


def main() -> None:
    torch.manual_seed(20261126)
    tokenizer = byte_level_tokenizer()
    config = GPT2Config(
        vocab_size=tokenizer.get_vocab_size(),  # 257
        n_positions=64,
        n_embd=48,
        n_layer=3,
        n_head=4,
        activation_function="gelu_new",
        resid_pdrop=0.0,
        embd_pdrop=0.0,
        attn_pdrop=0.0,
        bos_token_id=256,
        eos_token_id=256,
    )
    model = GPT2LMHeadModel(config).eval()
    with torch.no_grad():  # LayerNorm and biases start at 1/0: perturb them so every tensor matters
        for name, p in model.named_parameters():
            if "ln_" in name or name.endswith(".bias"):
                p.add_(torch.randn_like(p) * 0.1)
    ids = tokenizer.encode("The quick brown fox jumps over the lazy dog; é ✓").ids[:40]
    input_ids = torch.tensor([ids])
    result = {"input_ids": ids}
    for dtype, name in ((torch.float32, "f32"), (torch.float16, "f16")):
        folder = OUT / name
        model.to(dtype).save_pretrained(folder, safe_serialization=True)
        tokenizer.save(str(folder / "tokenizer.json"))
        # logits of the saved weights, computed in float32 (as Streamtune computes them)
        reloaded = GPT2LMHeadModel.from_pretrained(folder, torch_dtype=torch.float32).eval()
        with torch.no_grad():
            result[name] = reloaded(input_ids).logits[0].tolist()
    model.to(torch.float32)
    (OUT / "logits.json").write_text(json.dumps(result))
    print(f"wrote {OUT}: {len(ids)} tokens, vocab {config.vocab_size}")


if __name__ == "__main__":
    main()
