"""The filter bars' select: the same markup as Django's, escaped, in one pass."""

from __future__ import annotations

from django import forms

from zonetrack.core.forms import FilterChoiceField, QuickSelect


class _Filters(forms.Form):
    zone = FilterChoiceField(
        label="Zone",
        choices=[("", "All"), (1, '<script>alert("x")</script>'), (2, 'A & B "zone"')],
    )


def test_hostile_names_are_escaped_and_the_chosen_one_is_selected() -> None:
    html = str(_Filters(data={"zone": "2"}, auto_id="%s")["zone"])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<option value="2" selected>A &amp; B &quot;zone&quot;</option>' in html
    assert '<option value="1">' in html
    assert html.startswith("<select ") and ' id="zone"' in html and ' name="zone"' in html


def test_it_renders_the_options_django_renders() -> None:
    choices = [("", "All"), ("a", "Alpha"), ("b", "Beta")]
    quick = QuickSelect(attrs={"class": "form-select"}, choices=choices)
    slow = forms.Select(attrs={"class": "form-select"}, choices=choices)
    for value in ("", "a", None):
        ours = quick.render("f", value, attrs={"id": "f"})
        theirs = slow.render("f", value, attrs={"id": "f"}).replace("\n", "").replace("  ", "")
        # The same attributes (in another order) and the same options.
        our_tag, _, our_options = ours.partition(">")
        their_tag, _, their_options = theirs.partition(">")
        assert sorted(our_tag.split()) == sorted(their_tag.split())
        assert our_options == their_options.replace(' selected="selected"', " selected")
