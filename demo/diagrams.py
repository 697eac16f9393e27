"""The demo's figure, drawn with Pillow when the demo loads: no image file ships with the code
and none is fetched, so what readers see is ours to license and describe honestly.

The drawing is the example week of the activity article: 30 minutes of brisk walking on five
days (the guideline's 150-minute minimum) and muscle-strengthening exercise on two days.
"""

import io

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 960, 560
INK = (33, 37, 41)  # near-black text: over 15:1 on white
MUTED = (85, 89, 94)
GRID = (206, 212, 218)
WALK = (31, 102, 158)  # dark blue bars
STRENGTH = (170, 72, 0)  # dark orange markers: both stay apart for colour-blind readers by shape

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
WALK_MINUTES = [30, 30, 30, 30, 30, 0, 0]
STRENGTH_DAYS = {"Tue", "Sat"}

ACTIVITY_WEEK_WORDS = {
    "alt": (
        "Bar chart of an example week. Brisk walking for 30 minutes on each day from Monday to "
        "Friday, 150 minutes in all; no walking on Saturday or Sunday. Muscle-strengthening "
        "exercise is marked on Tuesday and Saturday."
    ),
    "caption": (
        "One way to reach the weekly minimum: 30 minutes of moderate activity on five days, and "
        "muscle-strengthening exercise on two days. Doing more, up to 300 minutes, brings more benefit."
    ),
    "credit": "Diagram: Reviewed Health Answers editorial team",
}


def _font(size):
    return ImageFont.load_default(size=size)


def _centred(draw, x, y, text, font, fill=INK):
    width = draw.textlength(text, font=font)
    draw.text((x - width / 2, y), text, font=font, fill=fill)


def activity_week_png():
    """The example week as PNG bytes (the same bytes on every load with the same Pillow)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    title, label, small = _font(30), _font(20), _font(17)
    draw.text((40, 24), "An example week of activity for adults", font=title, fill=INK)

    # The chart: minutes of brisk walking per day, 0 to 45, a grid line every 15 minutes.
    left, right, top, bottom = 110, 640, 130, 400
    per_minute = (bottom - top) / 45
    for minutes in (0, 15, 30, 45):
        y = bottom - minutes * per_minute
        draw.line((left, y, right, y), fill=GRID if minutes else INK, width=2)
        text = f"{minutes}"
        draw.text((left - 14 - draw.textlength(text, font=small), y - 10), text, font=small, fill=MUTED)
    draw.text((40, top - 48), "Minutes of brisk walking", font=small, fill=MUTED)

    slot = (right - left) / len(DAYS)
    for index, day in enumerate(DAYS):
        centre = left + slot * (index + 0.5)
        minutes = WALK_MINUTES[index]
        if minutes:
            y = bottom - minutes * per_minute
            draw.rectangle((centre - 26, y, centre + 26, bottom - 1), fill=WALK)
            _centred(draw, centre, y - 26, f"{minutes} min", small)
        _centred(draw, centre, bottom + 12, day, label)
        if day in STRENGTH_DAYS:
            _strength_marker(draw, centre, bottom + 62)

    draw.text((40, bottom + 52), "Strength", font=small, fill=MUTED)

    # The key and the sums beside the chart.
    x, text_x = 680, 730
    draw.rectangle((x + 2, 140, x + 34, 172), fill=WALK)
    draw.text((text_x, 142), "Brisk walking", font=label, fill=INK)
    draw.text((text_x, 170), "5 days of 30 minutes", font=small, fill=MUTED)
    draw.text((text_x, 194), "= 150 minutes a week", font=small, fill=MUTED)
    _strength_marker(draw, x + 18, 252)
    draw.text((text_x, 240), "Muscle strengthening", font=label, fill=INK)
    draw.text((text_x, 268), "on 2 days a week", font=small, fill=MUTED)
    aim = ["Aim: 150 to 300 minutes of", "moderate activity a week, or", "75 to 150 minutes of vigorous"]
    for line, text in enumerate([*aim, "activity."]):
        draw.text((x, 330 + 24 * line), text, font=small, fill=INK)

    draw.text(
        (40, HEIGHT - 40),
        "Source: WHO guidelines on physical activity and sedentary behaviour (2020)",
        font=small,
        fill=MUTED,
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _strength_marker(draw, x, y):
    """A small dumbbell: a bar with a weight at each end."""
    draw.rectangle((x - 16, y - 3, x + 16, y + 3), fill=STRENGTH)
    draw.rectangle((x - 22, y - 12, x - 12, y + 12), fill=STRENGTH)
    draw.rectangle((x + 12, y - 12, x + 22, y + 12), fill=STRENGTH)


# key → (the figure's words, what draws it): the articles place a figure by its key.
FIGURES = {"week-of-activity": (ACTIVITY_WEEK_WORDS, activity_week_png)}
