"""The game's sounds, made from numbers at start-up (no audio files to ship or license)."""

from __future__ import annotations

import numpy as np
import pygame


def click(freq_hz: float = 880.0, length_s: float = 0.04) -> pygame.mixer.Sound:
    """A soft, short tick: a decaying sine at the mixer's own rate and channel count."""
    rate, _fmt, channels = pygame.mixer.get_init()
    t = np.arange(int(rate * length_s)) / rate
    wave = (np.sin(2 * np.pi * freq_hz * t) * np.exp(-t * 90) * 6000).astype(np.int16)
    if channels > 1:
        wave = np.repeat(wave[:, None], channels, axis=1)
    return pygame.sndarray.make_sound(np.ascontiguousarray(wave))
