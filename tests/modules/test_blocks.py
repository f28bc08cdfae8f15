import pytest
from wagtail.blocks import StructBlockValidationError

from modules.blocks import CheckUnderstandingBlock, ResourceBlock, ScenarioBlock, VideoBlock


def opts(*correct):
    return [{"text": f"o{n}", "correct": c, "feedback": "f"} for n, c in enumerate(correct)]


@pytest.mark.parametrize(
    ("block", "value", "ok"),
    [
        (CheckUnderstandingBlock(), {"question": "q", "options": opts(True, False)}, True),
        (CheckUnderstandingBlock(), {"question": "q", "options": opts(True, True)}, False),
        (CheckUnderstandingBlock(), {"question": "q", "options": opts(True)}, False),
        (ScenarioBlock(), {"title": "t", "vignette": "<p>v</p>", "question": "q", "options": opts(True, True)}, True),
        (
            ScenarioBlock(),
            {"title": "t", "vignette": "<p>v</p>", "question": "q", "options": opts(False, False)},
            False,
        ),
        (VideoBlock(), {"title": "t", "file": None, "url": "", "transcript": "<p>x</p>"}, False),
        (VideoBlock(), {"title": "t", "file": None, "url": "https://example.org/v", "transcript": "<p>x</p>"}, True),
        (ResourceBlock(), {"title": "t", "description": "", "document": None, "url": ""}, False),
    ],
)
def test_block_rules(block, value, ok, db):
    native = block.to_python(value)
    if ok:
        block.clean(native)
    else:
        with pytest.raises(StructBlockValidationError):
            block.clean(native)
