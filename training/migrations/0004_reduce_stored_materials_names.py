"""Names of materials uploaded before names were reduced may hold markup or
control characters: reduce them the way new uploads are."""

from django.db import migrations


def reduce_names(apps, schema_editor):
    from training.materials import display_name

    TrainingSession = apps.get_model("training", "TrainingSession")
    for session in TrainingSession.objects.exclude(materials_name="").only("pk", "materials_name").iterator():
        reduced = display_name(session.materials_name)
        if reduced != session.materials_name:
            TrainingSession.objects.filter(pk=session.pk).update(materials_name=reduced)


class Migration(migrations.Migration):
    dependencies = [("training", "0003_reminder_schedule")]

    operations = [migrations.RunPython(reduce_names, migrations.RunPython.noop)]
