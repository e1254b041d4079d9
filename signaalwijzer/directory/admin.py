from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from signaalwijzer.directory.models import CoordinatorEntry, MunicipalityEntry


@admin.register(CoordinatorEntry)
class CoordinatorEntryAdmin(admin.ModelAdmin):
    list_display = ["organisation", "region", "last_verified", "check_needed", "edited_in_admin"]
    list_filter = ["national_fallback", "edited_in_admin"]
    search_fields = ["organisation", "region"]
    readonly_fields = ["edited_in_admin", "updated_at"]

    @admin.display(boolean=True, description=_("needs checking"))
    def check_needed(self, obj: CoordinatorEntry) -> bool:
        return obj.needs_checking

    def save_model(self, request, obj, form, change):
        obj.edited_in_admin = True
        super().save_model(request, obj, form, change)


@admin.register(MunicipalityEntry)
class MunicipalityEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "safety_region"]
    search_fields = ["name", "code"]
