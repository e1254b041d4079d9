"""Small definitions for tests, built in code so that each test can break exactly one thing."""

import copy


def text(nl, en=None):
    return {"nl": nl, "en": en or nl}


CHECKLIST = {
    "format": 1,
    "key": "test-lijst",
    "version": "1.0.0",
    "status": "released",
    "kind": "signal_checklist",
    "title": text("Testlijst", "Test list"),
    "description": text("Voor tests."),
    "intended_users": text("Testers."),
    "age_range": {"min": 12, "max": 18},
    "validated": False,
    "licence": text("Vrij."),
    "sources": [{"title": "Eigen werk"}],
    "areas": [
        {
            "key": "online",
            "title": text("Online"),
            "signals": [
                {"key": "unknown_contacts", "label": text("Onbekende contacten")},
                {"key": "second_phone", "label": text("Tweede telefoon"), "weight": 2},
            ],
        },
        {
            "key": "school",
            "title": text("School"),
            "signals": [
                {"key": "truancy", "label": text("Spijbelen")},
                {"key": "grades_drop", "label": text("Cijfers zakken")},
            ],
        },
        {
            "key": "running_away",
            "title": text("Weglopen"),
            "signals": [{"key": "nights_away", "label": text("Nachten weg")}],
        },
    ],
    "protective_clusters": [
        {
            "key": "network",
            "title": text("Netwerk"),
            "factors": [{"key": "trusted_adult", "label": text("Vertrouwde volwassene")}],
        }
    ],
    "profile_rule": {
        "protective_weight": 0.5,
        "indicative_note": text("Indicatief, niet gevalideerd."),
        "profiles": [
            {"key": "none", "label": text("Geen")},
            {
                "key": "risk",
                "label": text("Risico"),
                "when": {"any": [{"min_score": 2}, {"min_areas_with_signal": 2}]},
            },
            {
                "key": "elevated",
                "label": text("Verhoogd"),
                "when": {
                    "any": [{"min_score": 4}, {"area_min": {"area": "running_away", "signals": 1}}]
                },
            },
        ],
    },
}

JUDGEMENT = {
    "format": 1,
    "key": "test-oordeel",
    "version": "1.0.0",
    "status": "draft",
    "kind": "structured_judgement",
    "title": text("Oordeel"),
    "description": text("Voor tests."),
    "intended_users": text("Testers."),
    "age_range": {"min": 4, "max": 18},
    "validated": False,
    "licence": text("Vrij."),
    "sources": [{"title": "Vlaggensysteem (openbare methode)"}],
    "levels": [
        {"key": k, "label": text(k), "meaning": text(k), "reaction": text(k)}
        for k in ("green", "yellow", "red", "black")
    ],
    "factors": [
        {
            "key": "consent",
            "label": text("Toestemming"),
            "anchors": {"green": text("Beiden willen")},
        },
        {"key": "equality", "label": text("Gelijkwaardigheid")},
    ],
    "summary_rule": "highest",
}


def checklist(**changes):
    document = copy.deepcopy(CHECKLIST)
    document.update(changes)
    return document


def judgement(**changes):
    document = copy.deepcopy(JUDGEMENT)
    document.update(changes)
    return document
