"""`clean_strings` takes a shortcut when nothing needs cleaning (one scan of the whole value);
whatever the shortcut, the answer must be the one the full walk gives."""

from __future__ import annotations

import pytest

from app.validation import clean_strings

UNMEANT_SAMPLES = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ud800", "\udfff", "\ufdd0"]
UNMEANT_SAMPLES += ["\ufdef", "\ufffe", "\uffff"]


@pytest.mark.parametrize("bad", UNMEANT_SAMPLES)
def test_an_unmeant_character_anywhere_in_a_push_is_removed(bad: str) -> None:
    value = {
        "device_id": "d",
        "changes": [{"fields": {"what": f"bel{bad} terug", f"k{bad}ey": [f"a{bad}", 3, None]}}],
    }
    assert clean_strings(value) == {
        "device_id": "d",
        "changes": [{"fields": {"what": "bel terug", "key": ["a", 3, None]}}],
    }


def test_a_clean_value_comes_back_equal_with_its_tabs_newlines_and_backslashes() -> None:
    value = {
        "a": ["regel\ttab\nnieuw\r", "C:\\b\\f\\u0001", 1.5, True, None],
        "b": ("x",),
        "c": "coördinator, ideeën 🙂",
    }
    assert clean_strings(value) == value


def test_values_json_cannot_carry_are_still_cleaned() -> None:
    class Upload:
        pass

    upload = Upload()
    assert clean_strings({"file": upload, "name": "a\x00b"}) == {"file": upload, "name": "ab"}


def test_an_emoji_stays_and_a_control_character_beside_it_goes() -> None:
    assert clean_strings(["🙂\x00 daar"]) == ["🙂 daar"]
