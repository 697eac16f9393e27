"""The demo's figure, drawn with Pillow when the demo loads: no image file ships with the code
and none is fetched, so what readers see is ours to license and describe honestly.

The drawing is the example week of the activity article: 30 minutes of brisk walking on five
days (the guideline's 150-minute minimum) and muscle-strengthening exercise on two days.
"""

import io

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 960, 600
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
        "exercise is marked on Tuesday and Saturday. Beside the chart, the aim each week: 150 to 300 "
        "minutes of moderate activity, or 75 to 150 minutes of vigorous activity."
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
    # Large type: the page shows the image at about two thirds of its width, a phone at less.
    title, label, small = _font(36), _font(26), _font(22)
    draw.text((30, 20), "An example week of activity for adults", font=title, fill=INK)

    # The chart: minutes of brisk walking per day, 0 to 45, a grid line every 15 minutes.
    left, right, top, bottom = 110, 600, 160, 420
    per_minute = (bottom - top) / 45
    for minutes in (0, 15, 30, 45):
        y = bottom - minutes * per_minute
        draw.line((left, y, right, y), fill=GRID if minutes else INK, width=2)
        text = f"{minutes}"
        draw.text((left - 12 - draw.textlength(text, font=small), y - 13), text, font=small, fill=MUTED)
    draw.text((30, top - 58), "Minutes of brisk walking", font=small, fill=MUTED)

    slot = (right - left) / len(DAYS)
    for index, day in enumerate(DAYS):
        centre = left + slot * (index + 0.5)
        minutes = WALK_MINUTES[index]
        if minutes:
            y = bottom - minutes * per_minute
            draw.rectangle((centre - 26, y, centre + 26, bottom - 1), fill=WALK)
            _centred(draw, centre, y - 30, f"{minutes}", small)
        _centred(draw, centre, bottom + 12, day, label)
        if day in STRENGTH_DAYS:
            _strength_marker(draw, centre, bottom + 76)
    draw.text((30, bottom + 62), "Strength", font=small, fill=MUTED)

    # The key and the sums beside the chart.
    x, text_x = 630, 686
    draw.rectangle((x + 2, 164, x + 34, 196), fill=WALK)
    draw.text((text_x, 164), "Brisk walking", font=label, fill=INK)
    draw.text((text_x, 198), "5 days of 30 minutes", font=small, fill=MUTED)
    draw.text((text_x, 226), "= 150 minutes a week", font=small, fill=MUTED)
    _strength_marker(draw, x + 18, 286)
    draw.text((text_x, 270), "Strengthening", font=label, fill=INK)
    draw.text((text_x, 304), "on 2 days a week", font=small, fill=MUTED)
    aim = [
        "Aim each week:",
        "150 to 300 minutes of",
        "moderate activity, or",
        "75 to 150 minutes of",
        "vigorous activity.",
    ]
    for line, text in enumerate(aim):
        draw.text((x, 360 + 30 * line), text, font=small, fill=INK)

    source = "Source: WHO guidelines on physical activity and sedentary behaviour (2020)"
    draw.text((30, HEIGHT - 46), source, font=small, fill=MUTED)
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
