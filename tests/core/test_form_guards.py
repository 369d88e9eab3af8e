"""Every form's fields are guarded: a date or a moment outside 1900–2100 is refused on its field
with a message, never a server error."""

from __future__ import annotations

from django import forms

from zonetrack.core.forms import Form


class Meeting(Form):
    title = forms.CharField()
    held_on = forms.DateField()
    starts_at = forms.DateTimeField()


def test_a_moment_within_range_is_accepted() -> None:
    form = Meeting(
        data={"title": "调度会", "held_on": "2026-03-05", "starts_at": "2026-03-05 09:30"}
    )
    assert form.is_valid(), form.errors


def test_a_moment_out_of_range_is_refused_on_its_field() -> None:
    form = Meeting(
        data={"title": "调度会", "held_on": "2026-03-05", "starts_at": "2999-03-05 09:30"}
    )
    assert not form.is_valid()
    assert list(form.errors) == ["starts_at"]
    assert "2100" in form.errors["starts_at"][0]


def test_a_date_out_of_range_is_refused_on_its_field() -> None:
    form = Meeting(
        data={"title": "调度会", "held_on": "1850-01-01", "starts_at": "2026-03-05 09:30"}
    )
    assert not form.is_valid()
    assert list(form.errors) == ["held_on"]


def test_a_title_with_control_characters_is_refused() -> None:
    form = Meeting(
        data={"title": "调度\x00会", "held_on": "2026-03-05", "starts_at": "2026-03-05 09:30"}
    )
    assert not form.is_valid()
    assert list(form.errors) == ["title"]
