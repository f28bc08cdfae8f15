"""Where the quizzes app's content files live (quizzes/content/), and the text clean-up every loader uses."""

from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"


def clean(text):
    return " ".join((text or "").split())
