"""What run.py --demo sets up; must match signaalwijzer/sso/demo.py (a test compares them)."""

CLIENT_ID = "signaalwijzer-demo"
CLIENT_SECRET = "signaalwijzer-demo-sso-secret"  # nosec B105  public demo value
SLUG = "demo-sso"
DOMAIN = "sso.demo.signaalwijzer.nl"
PASSWORD = "Signaalwijzer-demo-2026"  # nosec B105  the documented demo password
USERS = {
    # With the provider's multi-factor: no second step in Signaalwijzer.
    f"hulpverlener@{DOMAIN}": {"groups": ["signaalwijzer-professionals"], "amr": ["pwd", "mfa"]},
    # Password only at the provider: Signaalwijzer asks to set up its own second step.
    f"zonder-mfa@{DOMAIN}": {"groups": ["signaalwijzer-professionals"], "amr": ["pwd"]},
    f"aandachtsfunctionaris@{DOMAIN}": {
        "groups": ["signaalwijzer-aandachtsfunctionarissen"],
        "amr": ["pwd", "mfa"],
    },
}
