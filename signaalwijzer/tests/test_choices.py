"""get_<field>_display() with labels translated once per field and language (signaalwijzer/choices.py)."""

from django.utils import translation

from signaalwijzer.cases.models import Observation
from signaalwijzer.choices import choice_label
from signaalwijzer.meldcode.models import Action


def test_the_label_follows_the_active_language_each_call():
    observation = Observation(source=Observation.Source.COLLEAGUE)
    with translation.override("nl"):
        dutch = observation.get_source_display()
    with translation.override("en"):
        english = observation.get_source_display()
    with translation.override("nl"):
        again = observation.get_source_display()
    assert (dutch, english, again) == ("Een collega", "A colleague", "Een collega")


def test_the_same_as_django_for_every_choice_and_an_unknown_value():
    field = Action._meta.get_field("kind")
    for language in ("nl", "en"):
        with translation.override(language):
            for value, label in field.flatchoices:
                assert Action(kind=value).get_kind_display() == str(label)
            assert Action(kind="no-such-kind").get_kind_display() == "no-such-kind"
            assert choice_label(field, "") == ""
