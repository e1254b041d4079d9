"""The platform operator's view of single sign-on. Saves go through sso.services (validation, SsoChange)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from signaalwijzer.sso import services
from signaalwijzer.sso.models import GroupMapping, IdentityProvider, SsoChange, SsoUser


class IdentityProviderForm(forms.ModelForm):
    issuer = forms.URLField(
        label=_("issuer"),
        max_length=300,
        assume_scheme="https",
        help_text=IdentityProvider._meta.get_field("issuer").help_text,
    )
    domains_text = forms.CharField(
        label=_("e-mail domains"),
        help_text=_(
            "The organisation's e-mail domains, separated by commas, e.g. jeugdzorg-noord.nl."
        ),
    )

    class Meta:
        model = IdentityProvider
        fields = ["organisation", *services.PROVIDER_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["domains_text"].initial = ", ".join(
                self.instance.domains.values_list("domain", flat=True)
            )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        organisation = cleaned.get("organisation") or getattr(self.instance, "organisation", None)
        if organisation is None or self.errors:
            return cleaned
        fields = {name: cleaned[name] for name in services.PROVIDER_FIELDS if name in cleaned}
        try:
            cleaned["domains"] = services.validate_provider(
                organisation, domains=cleaned.get("domains_text", ""), **fields
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = "domains_text" if field == "domains" else field
                self.add_error(target if target in self.fields else None, messages)
        return cleaned

    def _post_clean(self) -> None:
        # The service validates (clean above) and saves; only copy the values onto the instance.
        self.instance = construct_instance(
            self, self.instance, self._meta.fields, self._meta.exclude
        )


class GroupMappingInline(admin.TabularInline):
    model = GroupMapping
    extra = 1


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    form = IdentityProviderForm
    inlines = [GroupMappingInline]
    list_display = ["organisation", "slug", "issuer", "enabled", "password_login_enabled"]
    search_fields = ["organisation__name", "slug", "issuer"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["organisation"] if obj is not None else []

    def save_model(
        self, request: HttpRequest, obj: IdentityProvider, form: Any, change: bool
    ) -> None:
        organisation = form.cleaned_data.get("organisation") or obj.organisation
        fields = {
            n: form.cleaned_data[n] for n in services.PROVIDER_FIELDS if n in form.cleaned_data
        }
        saved = services.save_provider(
            request.user if request.user.is_authenticated else None,
            organisation,
            domains=form.cleaned_data["domains"],
            **fields,
        )
        obj.pk = saved.pk
        request._sso_mappings_before = services.mapping_descriptions(saved)  # type: ignore[attr-defined]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        provider = form.instance
        before = getattr(request, "_sso_mappings_before", [])
        after = services.mapping_descriptions(provider)
        if before != after:
            services.record_admin_change(
                request.user,  # type: ignore[arg-type]
                provider,
                SsoChange.Action.MAPPINGS,
                {"group_mappings": [before, after]},
            )


@admin.register(SsoChange)
class SsoChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "organisation", "action", "user"]
    list_filter = ["action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SsoUser)
class SsoUserAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "last_sign_in_at", "deactivated_by_sweep_at"]
    readonly_fields = [
        "user",
        "provider",
        "first_sign_in_at",
        "last_sign_in_at",
        "deactivated_by_sweep_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


# allauth's own app and token tables are not used: the apps are the IdentityProvider rows above and no tokens
# are kept (SOCIALACCOUNT_STORE_TOKENS = False). Hide them so nobody configures a provider there by mistake.
def _hide_unused_allauth_admin() -> None:
    from allauth.socialaccount.models import SocialApp, SocialToken

    for model in (SocialApp, SocialToken):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_hide_unused_allauth_admin()
