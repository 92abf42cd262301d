"""Editors' admin for sections, tags and articles."""

from django.contrib import admin

from . import comment_modes
from .models import Article, Section, StaffMember, Tag


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "section", "published_at", "comment_mode", "comment_count"]
    list_filter = ["section", "comment_mode", "published_at", "tags"]
    search_fields = ["headline", "standfirst", "body", "byline"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags"]
    list_select_related = ["section"]
    readonly_fields = ["comment_count", "rating_count", "rating_total"]
    fieldsets = [
        (None, {"fields": ["section", "headline", "slug", "standfirst", "byline", "location", "published_at"]}),
        ("Story", {"fields": ["body", "source", "tags"]}),
        ("Image", {"fields": ["image", "image_caption", "image_alt"]}),
        ("Comments", {"fields": ["comment_mode", "comments_close_at", "comment_count"]}),
        ("Rating", {"fields": ["rating_count", "rating_total"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "comment_mode" in form.changed_data:
            from_mode = form.initial.get("comment_mode", Article.CommentMode.OPEN)
            comment_modes.chosen_in_form(obj, from_mode, actor=request.user)


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    """The staff list: names readers may aim abuse at, beside the bylines."""

    list_display = ["name", "handle", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "handle"]
