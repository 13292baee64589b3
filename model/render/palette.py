"""The print style of the figures meant for a note: one palette with one meaning per colour,
the A4 text widths, the smallest text size and the PNG resolution.

A colour means the same thing in every print figure (Figure 1, Figure 2, a route): a test
checks that no colour has two meanings.
"""

from __future__ import annotations

# A4 text width with 2.5 cm margins: portrait 210 - 50 mm = 160 mm = 454 pt; landscape
# 297 - 50 mm = 247 mm = 700 pt. A print figure is drawn at its final size (scale 1) and fits
# the landscape text width; its text is never smaller than MIN_PT.
A4_PORTRAIT_PT = 454
A4_LANDSCAPE_PT = 700
MIN_PT = 8
PRINT_DPI = 300  # PNG resolution of the print figures, written into the PNG (pHYs)

FONT_PT = {"title": 11, "node": 9, "edge": 8, "legend": 8}

# meaning -> colour; every print figure takes its colours from here
PALETTE = {
    "regulation": "#1f4e79",  # a step or phase of the verblijfsregeling (dark blue)
    "regulation_fill": "#dbe9f6",
    "asylum": "#2e7d32",  # a step or phase of the asylum procedure (dark green)
    "asylum_fill": "#e3f3de",
    "both": "#6a3d9a",  # a step that changes both procedures at once (purple)
    "outcome": "#555555",  # an outcome: border and the steps into it (dark grey)
    "outcome_fill": "#f2f2f2",
    "faded": "#c8c8c8",  # a step not on the highlighted route(s) (light grey)
    "route_1": "#d95f02",  # Route 1 (orange)
    "route_2": "#e7298a",  # Route 2 (pink)
    "route_3": "#a6761d",  # Route 3 (brown)
    "route": "#000000",  # the one route of a route diagram (black)
}
