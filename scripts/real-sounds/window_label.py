"""`bull train`'s window label rule, shared by the analysis scripts beside this file
(threshold-rules.py, false-alarms-by-source.py; Python puts a script's own folder on its path)."""


def window_label(start, end, bulls):
    """1 when a bull lies inside [start, end) for at least 1 s (or whole, when it is shorter), -1 when
    bulls only touch the window (ambiguous: left out of training and scoring), else 0.

    bulls: (start, end) pairs in seconds."""
    label = 0
    for s, e in bulls:
        inside = min(end, e) - max(start, s)
        if inside > 0:
            if inside >= min(1.0, e - s):
                return 1
            label = -1
    return label
