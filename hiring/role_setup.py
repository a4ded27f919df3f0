"""Grant model permissions to the role groups; used by data migrations.

Django creates model permissions after `migrate` finishes, so a data migration
that hands them out must create them first.
"""

from django.contrib.auth.management import create_permissions


def grant(apps, grants: dict[str, dict[str, list[str]]]) -> None:
    """`grants` maps group name -> app label -> codenames ("view_rubric", ...)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, by_app in grants.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codenames in by_app.items():
            permissions = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            group.permissions.add(*permissions)


def actions(model_names: list[str], verbs: list[str]) -> list[str]:
    return [f"{verb}_{model}" for model in model_names for verb in verbs]
