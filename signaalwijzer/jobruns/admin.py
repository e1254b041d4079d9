from django.contrib import admin

from signaalwijzer.jobruns.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """Read-only: the runs are a record, written by the runs themselves."""

    list_display = (
        "name",
        "attempt",
        "status",
        "started_at",
        "finished_at",
        "error_class",
        "retry_at",
        "gave_up",
        "target_id",
    )
    list_filter = ("status", "gave_up", "name")
    date_hierarchy = "started_at"
    search_fields = ("name", "error_class")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
