from django.contrib import admin

from signaalwijzer.instruments.models import InstrumentChoice, UploadedDefinition


@admin.register(UploadedDefinition)
class UploadedDefinitionAdmin(admin.ModelAdmin):
    """An organisation's own (licensed) definition: checked like a shipped file before it is saved."""

    list_display = ["key", "version", "organisation", "enabled", "uploaded_at"]
    list_filter = ["organisation", "enabled"]
    readonly_fields = ["key", "version", "sha256", "uploaded_by", "uploaded_at"]

    def get_readonly_fields(self, request, obj=None):
        # Assessments refer to the exact text (by hash): a saved definition never changes.
        return [*self.readonly_fields, "content"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(InstrumentChoice)
class InstrumentChoiceAdmin(admin.ModelAdmin):
    list_display = ["instrument_key", "organisation", "enabled"]
    list_filter = ["organisation", "enabled"]
