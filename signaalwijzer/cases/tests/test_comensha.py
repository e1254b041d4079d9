from signaalwijzer.cases.comensha import COMENSHA_FORMS, comensha_codes
from signaalwijzer.cases.models import ExploitationForm


def test_every_form_but_unclear_maps_to_exactly_one_comensha_code() -> None:
    mapped = set(COMENSHA_FORMS)
    assert mapped == set(ExploitationForm.values) - {ExploitationForm.OTHER_UNKNOWN}
    assert len(set(COMENSHA_FORMS.values())) == len(COMENSHA_FORMS)  # 1:1


def test_codes_of_a_case_follow_comensha_order_and_skip_unclear() -> None:
    assert comensha_codes(["criminal", "other_unknown", "sexual", "sexual"]) == [
        "seksuele_uitbuiting",
        "criminele_uitbuiting",
    ]
    assert comensha_codes(["other_unknown"]) == []
