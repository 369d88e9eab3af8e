"""The filter bars' select: the same markup as Django's, escaped, in one pass."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string

from zonetrack.core.forms import FilterBarForm, FilterChoiceField, QuickSelect


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


def test_a_key_with_a_nul_or_markup_stays_one_option() -> None:
    quick = QuickSelect(choices=[("a\0b", "x\0<y>"), ("c", "")])
    html = quick.render("f", "ab")
    assert html.count("<option") == 2
    assert '<option value="ab" selected>x&lt;y&gt;</option>' in html


class _Bar(FilterBarForm):
    widths = {"q": 3}
    q = forms.CharField(required=False)
    zone = FilterChoiceField(choices=[("", "All")])
    sort = forms.CharField(required=False, widget=forms.HiddenInput)


def test_the_filter_bar_lays_fields_out_at_their_declared_widths() -> None:
    html = render_to_string("includes/filter_bar.html", {"form": _Bar(auto_id="%s")})
    assert html.index('class="col-md-3"') < html.index('id="q"') < html.index('class="col-md-2"')
    assert html.index('class="col-md-2"') < html.index('id="zone"')
    assert 'type="hidden" name="sort"' in html
