"""Writes the service's favicon, a white house on a blue tile, as SVG and ICO from one drawing.

    .venv/bin/python tools/favicon.py

The files are committed in app/graphiql-static/; GraphiQL's page links the SVG, and the app
answers /favicon.ico (where browsers look without a link) with the ICO.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parent.parent / "app" / "graphiql-static"
TILE = "#1d4f91"
HOUSE = "#ffffff"
# On a 32 × 32 grid: the roof's peak, its eaves, the walls, a door.
HOUSE_OUTLINE = [
    (16, 5),
    (28, 15.5),
    (25, 15.5),
    (25, 27),
    (19, 27),
    (19, 20),
    (13, 20),
    (13, 27),
    (7, 27),
    (7, 15.5),
    (4, 15.5),
]
RADIUS = 6


def svg() -> str:
    points = " ".join(f"{x:g},{y:g}" for x, y in HOUSE_OUTLINE)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="{RADIUS}" fill="{TILE}"/>'
        f'<polygon points="{points}" fill="{HOUSE}"/></svg>\n'
    )


def bitmap(size: int) -> Image.Image:
    """The drawing at ``size`` pixels, drawn eight times larger and scaled down (smooth edges)."""
    scale = size * 8 / 32
    image = Image.new("RGBA", (size * 8, size * 8), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size * 8 - 1, size * 8 - 1), radius=RADIUS * scale, fill=TILE)
    draw.polygon([(x * scale, y * scale) for x, y in HOUSE_OUTLINE], fill=HOUSE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    (STATIC / "favicon.svg").write_text(svg())
    bitmap(48).save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
