#!/usr/bin/env python3
"""A negative example: the CNN of learner.py with correct predictions, but the representation it
reports for its middle level (l = L // 2 + 1) replaced by Gaussian noise drawn afresh for every
patch. The harness must report that level as not recovered, whatever the test error says.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import learner  # noqa: E402

rng = np.random.default_rng(0)


def noise_middle(set_name, level, h, L=None):
    if level != noisy_level:
        return h
    return rng.standard_normal(h.shape).astype(np.float32)


if __name__ == "__main__":
    import json

    with open(sys.argv[1] if len(sys.argv) > 1 else os.environ["RHM_TASK"]) as f:
        noisy_level = json.load(f)["grammar"]["L"] // 2 + 1
    learner.main(transform=noise_middle)
