"""Screenshots of the review page for the README and docs/, taken with headless Chromium.

Run from the repository root: ``python docs/make_screenshots.py [--force]``. It renders the
page for 2020-01-01 with the committed review records (`verblijfsroutes table --format html
--as-of 2020-01-01`) and writes docs/review-page-1280x720.png and docs/review-page-1920x1080.png
(an existing file only with --force). Needs `chromium` (Debian package) on PATH.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SIZES = ("1280,720", "1920,1080")
HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--force", action="store_true", help="overwrite the existing screenshots")
    args = ap.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        print("make_screenshots: chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    targets = [HERE / f"review-page-{size.replace(',', 'x')}.png" for size in SIZES]
    existing = [t for t in targets if t.exists()]
    if existing and not args.force:
        print(f"make_screenshots: {existing[0]} exists; add --force to replace it", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "review.html"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "verblijfsroutes",
                "table",
                "--format",
                "html",
                "--as-of",
                "2020-01-01",
                "--output",
                str(page),
            ],
            check=True,
        )
        for size, target in zip(SIZES, targets, strict=True):
            shot = Path(tmp) / "shot.png"
            subprocess.run(
                [
                    chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    "--no-first-run",
                    f"--user-data-dir={tmp}/profile",
                    f"--window-size={size}",
                    "--virtual-time-budget=3000",
                    f"--screenshot={shot}",
                    page.as_uri(),
                ],
                check=True,
                capture_output=True,
            )
            shutil.move(str(shot), target)
            print(f"wrote {target.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
