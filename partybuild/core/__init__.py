"""The shared kernel's pure helpers: what every register uses and that knows no model.

``money`` (yuan amounts), ``dates`` (months, quarters, local today), ``names`` (pinyin search keys),
``crypto`` (encrypted fields and blind indexes), ``privacy`` (the one masking function),
``validators`` (ID and phone numbers), ``errors`` (refusals and their place on a form) and
``excel`` (the xlsx reader and writer). Nothing here imports a model or a register: the
import contracts in ``pyproject.toml`` keep it that way (docs/architecture.md, "Layers").
"""
